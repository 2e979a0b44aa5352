// SPDX-License-Identifier: MIT
#include "ui/fieldeditor.h"

#include "ui/document.h"
#include "ui/entitycatalog.h"
#include "ui/int64spinbox.h"
#include "ui/recordpicker.h"
#include "ui/theme.h"
#include "ui/valueformatter.h"

#include <QApplication>
#include <QBuffer>
#include <QCalendarWidget>
#include <QCheckBox>
#include <QDateEdit>
#include <QDateTimeEdit>
#include <QDoubleValidator>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QImageReader>
#include <QJsonDocument>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMouseEvent>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QStyle>
#include <QStyleOptionComboBox>
#include <QToolButton>
#include <QVBoxLayout>

#include <functional>

using namespace Qt::StringLiterals;

namespace ui {

namespace {

// Leaves Undo and Redo to the window's actions, which walk through staged edits.
class UndoShortcutFilter : public QObject
{
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::ShortcutOverride) {
            auto *ke = static_cast<QKeyEvent *>(event);
            if (ke->matches(QKeySequence::Undo) || ke->matches(QKeySequence::Redo))
                return true; // not accepted: the shortcut goes to the window
        }
        return QObject::eventFilter(watched, event);
    }
};

// Runs a function before an event reaches the object it filters; the function returns
// whether the event is taken.
class EventHook : public QObject
{
public:
    EventHook(QObject *watched, std::function<bool(QEvent *)> hook)
        : QObject(watched)
        , m_hook(std::move(hook))
    {
        watched->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        return m_hook(event) || QObject::eventFilter(watched, event);
    }

private:
    std::function<bool(QEvent *)> m_hook;
};

// A date-time editor with a calendar pop-up takes a click on its frame (outside the text, which
// is a line edit of its own, and the pop-up's arrow) for its step-up arrow, and one on its
// padding for step-down: Qt hit-tests it as a combo box and reads the answer as a spin box's.
// A click there, made to focus the field, changed the date (a year up, the section shown
// first). Such a click only focuses it: typing, the arrow keys and the calendar change it.
void keepClicksFromStepping(QDateTimeEdit *edit)
{
    new EventHook(edit, [edit](QEvent *event) {
        if (event->type() != QEvent::MouseButtonPress
            && event->type() != QEvent::MouseButtonDblClick)
            return false;
        const auto *mouse = static_cast<const QMouseEvent *>(event);
        QStyleOptionComboBox option;
        option.initFrom(edit);
        option.editable = true;
        option.subControls = QStyle::SC_All;
        const QRect arrow = edit->style()->subControlRect(QStyle::CC_ComboBox, &option,
                                                          QStyle::SC_ComboBoxArrow, edit);
        if (!edit->calendarPopup() || arrow.contains(mouse->position().toPoint()))
            return false; // the calendar opens
        if (mouse->button() == Qt::LeftButton)
            edit->setFocus(Qt::MouseFocusReason);
        return true;
    });
}

bool sameValue(const QVariant &a, const QVariant &b)
{
    if (a.isNull() || b.isNull())
        return a.isNull() == b.isNull();
    return a == b;
}

// Decimal text of a NUMERIC column, as a server gives and takes every numeric value: the
// column's own value, exact, never a stored oddity (as orm::RecordColumn::isStoredAsIs reads it).
bool isDecimalText(const QVariant &v, const orm::TypeSpec &type)
{
    if (type.type != orm::ColumnType::Numeric || v.metaType().id() != QMetaType::QString)
        return false;
    const QString s = v.toString();
    return !s.isEmpty() && !s.front().isSpace() && !s.back().isSpace() && orm::Decimal::split(s).ok;
}

// Whether two numbers written as decimal text (or orm::Decimal) are the same number: "12.5" is
// 12.50. Text that is no decimal number is the same only as itself.
bool sameDecimal(const QString &a, const QString &b)
{
    const orm::Decimal::Parts x = orm::Decimal::split(a);
    const orm::Decimal::Parts y = orm::Decimal::split(b);
    if (!x.ok || !y.ok)
        return a == b;
    const auto normal = [](orm::Decimal::Parts p) {
        while (p.scale > 0 && p.digits.endsWith(u'0') && p.digits.size() > 1) {
            p.digits.chop(1);
            --p.scale;
        }
        if (p.digits == u"0"_s)
            p = {true, false, u"0"_s, 0};
        return p;
    };
    const orm::Decimal::Parts nx = normal(x);
    const orm::Decimal::Parts ny = normal(y);
    return nx.negative == ny.negative && nx.digits == ny.digits && nx.scale == ny.scale;
}

// The editors below have no Q_OBJECT: their texts are FieldEditor's (FieldEditor::tr, so that
// lupdate files them under the context Qt looks them up in).

class LineFieldEditor final : public FieldEditor
{
public:
    // exactText: the engine keeps decimals exactly (a server): a NUMERIC value is the text
    // typed, every digit of it, never a double nor a Decimal of at most 18 digits.
    LineFieldEditor(const orm::EntityMeta &meta, int column, bool exactText, QWidget *parent)
        : FieldEditor(meta, column, parent)
        , m_edit(new QLineEdit(this))
    {
        const orm::Column &c = meta.column(column).column;
        if (c.type.type == orm::ColumnType::String && c.type.length > 0)
            m_edit->setMaxLength(c.type.length);
        if (c.type.type == orm::ColumnType::Float || c.type.type == orm::ColumnType::Numeric) {
            auto *validator = new QDoubleValidator(m_edit);
            validator->setLocale(QLocale::c());
            validator->setNotation(QDoubleValidator::ScientificNotation);
            m_edit->setValidator(validator);
            m_edit->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_numeric = true;
            // A server's NUMERIC (decimal text, orm::StoredForm::DecimalText): as typed.
            m_exactText = c.type.type == orm::ColumnType::Numeric
                && (exactText || c.type.form.kind == orm::StoredForm::DecimalText);
            m_decimal =
                !m_exactText && c.type.type == orm::ColumnType::Numeric && c.type.precision > 0;
        }
        if (c.nullable)
            m_edit->setPlaceholderText(ValueFormatter::nullText());
        adopt(m_edit);
        connect(m_edit, &QLineEdit::textEdited, this,
                [this] { Q_EMIT valueEdited(controlValue()); });
        connect(m_edit, &QLineEdit::editingFinished, this, &FieldEditor::editingFinished);
    }

    QVariant controlValue() const override
    {
        const QString t = m_edit->text();
        if (t.isEmpty())
            return QVariant();
        if (m_exactText)
            return t.trimmed(); // a server's decimal: every digit typed, checked as it is
        if (m_decimal) {
            // Exact, as typed: never through a double. Text it cannot hold stays text, which
            // validation explains (more than 15 digits, …).
            const orm::Decimal d = orm::Decimal::fromString(t);
            return d.isValid() ? QVariant::fromValue(d) : QVariant(t);
        }
        if (m_numeric) {
            bool ok = false;
            const double d = t.toDouble(&ok);
            return ok ? QVariant(d) : QVariant(t);
        }
        return t;
    }
    void setControlValue(const QVariant &v) override
    {
        if (sameValue(controlValue(), v))
            return;
        // What was typed stays as typed when it is the value staged ("12." is 12.00): rewritten
        // at each key, the text would move the cursor under the person's typing.
        const bool decimal = v.metaType() == QMetaType::fromType<orm::Decimal>()
            || isDecimalText(v, meta().column(column()).column.type);
        if (decimal && !m_edit->text().isEmpty()
            && sameDecimal(m_edit->text().trimmed(), v.toString()))
            return;
        const QString text = v.isNull()             ? QString()
            : m_numeric && !decimal && !m_exactText ? QString::number(v.toDouble(), 'g', 15)
                                                    : v.toString();
        m_edit->setText(text);
    }
    void setControlReadOnly(bool readOnly) override { m_edit->setReadOnly(readOnly); }
    QWidget *control() const override { return m_edit; }

private:
    QLineEdit *m_edit;
    bool m_numeric = false;
    bool m_decimal = false; // NUMERIC(p, s): orm::Decimal
    bool m_exactText = false; // a server's NUMERIC: decimal text (orm::StoredForm::DecimalText)
};

class TextFieldEditor final : public FieldEditor
{
public:
    TextFieldEditor(const orm::EntityMeta &meta, int column, Style style, QWidget *parent)
        : FieldEditor(meta, column, parent)
        , m_edit(new QPlainTextEdit(this))
    {
        m_json = meta.column(column).column.type.type == orm::ColumnType::Json;
        m_edit->setTabChangesFocus(true);
        m_edit->setUndoRedoEnabled(false);
        if (meta.column(column).column.nullable)
            m_edit->setPlaceholderText(ValueFormatter::nullText());
        const int lines = style == Style::Form ? 4 : 3;
        m_edit->setFixedHeight(
            m_edit->fontMetrics().lineSpacing() * lines
            + 2 * (m_edit->frameWidth() + int(m_edit->document()->documentMargin())));
        adopt(m_edit);
        connect(m_edit, &QPlainTextEdit::textChanged, this, [this] {
            if (!m_updating)
                Q_EMIT valueEdited(controlValue());
        });
    }

    QVariant controlValue() const override
    {
        const QString t = m_edit->toPlainText();
        if (t.isEmpty())
            return QVariant();
        // JSON as entered: the text is what is written (validation says when it is not JSON).
        return t;
    }
    void setControlValue(const QVariant &v) override
    {
        if (sameValue(controlValue(), v))
            return;
        m_updating = true;
        // JSON text that does not parse reads back as a string: shown as it is, not emptied.
        if (m_json && !v.isNull() && v.metaType().id() != QMetaType::QString)
            m_edit->setPlainText(
                QString::fromUtf8(QJsonDocument::fromVariant(v).toJson(QJsonDocument::Indented)));
        else
            m_edit->setPlainText(v.toString());
        // As QLineEdit::setText() leaves it: typing goes on after the text (after the first
        // key typed over a stored value, which brought this control back).
        m_edit->moveCursor(QTextCursor::End);
        m_updating = false;
    }
    void setControlReadOnly(bool readOnly) override { m_edit->setReadOnly(readOnly); }
    QWidget *control() const override { return m_edit; }

protected:
    bool event(QEvent *e) override
    {
        if (e->type() == QEvent::FocusOut)
            Q_EMIT editingFinished();
        return FieldEditor::event(e);
    }

private:
    QPlainTextEdit *m_edit;
    bool m_updating = false;
    bool m_json = false;
};

class IntegerFieldEditor final : public FieldEditor
{
public:
    IntegerFieldEditor(const orm::EntityMeta &meta, int column, QWidget *parent)
        : FieldEditor(meta, column, parent)
        , m_spin(new Int64SpinBox(this))
    {
        const orm::Column &c = meta.column(column).column;
        m_spin->setNullability(c.nullable || c.hasDefault()
                                   ? Int64SpinBox::Nullability::Nullable
                                   : Int64SpinBox::Nullability::NotNullable);
        adopt(m_spin);
        connect(m_spin, &Int64SpinBox::valueEdited, this, &FieldEditor::valueEdited);
        connect(m_spin, &QAbstractSpinBox::editingFinished, this, &FieldEditor::editingFinished);
    }

    QVariant controlValue() const override { return m_spin->variant(); }
    void setControlValue(const QVariant &v) override
    {
        if (!sameValue(controlValue(), v))
            m_spin->setVariant(v);
    }
    void setControlReadOnly(bool readOnly) override
    {
        m_spin->setReadOnly(readOnly);
        m_spin->setButtonSymbols(readOnly ? QAbstractSpinBox::NoButtons
                                          : QAbstractSpinBox::UpDownArrows);
    }
    QWidget *control() const override { return m_spin; }

private:
    Int64SpinBox *m_spin;
};

class BoolFieldEditor final : public FieldEditor
{
public:
    BoolFieldEditor(const orm::EntityMeta &meta, int column, QWidget *parent)
        : FieldEditor(meta, column, parent)
        , m_check(new QCheckBox(this))
    {
        m_check->setTristate(meta.column(column).column.nullable
                             && !meta.column(column).column.hasDefault());
        adopt(m_check);
        connect(m_check, &QCheckBox::clicked, this, [this] {
            Q_EMIT valueEdited(controlValue());
            Q_EMIT editingFinished();
        });
    }

    QVariant controlValue() const override
    {
        switch (m_check->checkState()) {
        case Qt::Checked:
            return true;
        case Qt::Unchecked:
            return false;
        default:
            return QVariant();
        }
    }
    void setControlValue(const QVariant &v) override
    {
        m_check->setCheckState(v.isNull()
                                   ? (m_check->isTristate() ? Qt::PartiallyChecked : Qt::Unchecked)
                                   : (v.toBool() ? Qt::Checked : Qt::Unchecked));
    }
    void setControlReadOnly(bool readOnly) override { m_check->setEnabled(!readOnly); }
    QWidget *control() const override { return m_check; }

private:
    QCheckBox *m_check;
};

// The microseconds of a date-time, after its seconds: ".251237". Typed digits are a fraction
// (".25" is 250,000 microseconds); it shows all six.
class MicrosecondSpinBox final : public QSpinBox
{
public:
    explicit MicrosecondSpinBox(QWidget *parent)
        : QSpinBox(parent)
    {
        setRange(0, 999999);
        setPrefix(u"."_s);
        setButtonSymbols(QAbstractSpinBox::NoButtons);
        setKeyboardTracking(true);
        setCorrectionMode(QAbstractSpinBox::CorrectToNearestValue);
    }

protected:
    QString textFromValue(int value) const override
    {
        return QString::number(value).rightJustified(6, u'0');
    }
    int valueFromText(const QString &text) const override
    {
        return digits(text).toString().leftJustified(6, u'0').toInt();
    }
    QValidator::State validate(QString &input, int &) const override
    {
        const QStringView digits = MicrosecondSpinBox::digits(input);
        if (digits.size() > 6)
            return QValidator::Invalid;
        for (QChar c : digits) {
            if (!c.isDigit())
                return QValidator::Invalid;
        }
        return QValidator::Acceptable;
    }

private:
    // The text with or without its prefix (Qt passes either).
    static QStringView digits(const QString &text)
    {
        QStringView digits = QStringView(text).trimmed();
        return digits.startsWith(u'.') ? digits.mid(1) : digits;
    }
};

// Date and date-time: NULL (or "the default") is the editor's minimum, shown as special text,
// with a button to clear the value. A date-time has its microseconds in a field of their own
// (QDateTimeEdit stops at milliseconds). A naive value (UTC) is edited in local time; one with
// a UTC offset in its own wall time, and keeps the offset, which is shown beside it.
class DateFieldEditor final : public FieldEditor
{
public:
    DateFieldEditor(const orm::EntityMeta &meta, int column, QWidget *parent)
        : FieldEditor(meta, column, parent)
    {
        const orm::Column &c = meta.column(column).column;
        m_dateOnly = c.type.type == orm::ColumnType::Date;
        m_edit = m_dateOnly ? new QDateEdit(this) : new QDateTimeEdit(this);
        m_edit->setCalendarPopup(true);
        keepClicksFromStepping(m_edit);
        m_edit->setDisplayFormat(m_dateOnly ? u"yyyy-MM-dd"_s : u"yyyy-MM-dd HH:mm:ss"_s);
        m_edit->setTimeSpec(Qt::LocalTime);
        m_nullable = c.nullable || c.hasDefault();
        // The minimum stands for "no value", also where one is required (a new record's
        // date not chosen yet), so that the editor never shows a date the field does not hold.
        m_edit->setMinimumDateTime(QDateTime(QDate(1752, 9, 14), QTime(0, 0)));
        m_edit->setSpecialValueText(c.hasDefault()   ? FieldEditor::tr("Default (set on commit)")
                                        : m_nullable ? ValueFormatter::nullText()
                                                     : FieldEditor::tr("Not set (required)"));
        auto *box = new QWidget(this);
        auto *layout = new QHBoxLayout(box);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->setSpacing(2);
        layout->addWidget(m_edit, 1);
        const QString label = EntityCatalog::columnLabel(meta, column);
        // A form without fractions of a second (whole epoch seconds, ISO text to the second)
        // holds none to edit; REAL epoch seconds do.
        const orm::StoredForm &form = c.type.form;
        const bool holdsFraction =
            !((form.kind == orm::StoredForm::EpochSeconds || form.kind == orm::StoredForm::IsoText)
              && form.fractionDigits == 0);
        if (!m_dateOnly) {
            m_fraction = new MicrosecondSpinBox(box);
            if (!holdsFraction)
                m_fraction->hide();
            m_fraction->setObjectName(u"microseconds"_s);
            m_fraction->setAccessibleName(FieldEditor::tr("%1, microseconds").arg(label));
            m_fraction->setToolTip(FieldEditor::tr("Microseconds"));
            m_fraction->installEventFilter(new UndoShortcutFilter(m_fraction));
            layout->addWidget(m_fraction);
            m_offset = new QLabel(box);
            m_offset->setObjectName(u"utcOffset"_s);
            m_offset->setToolTip(FieldEditor::tr("Stored with this UTC offset, which is kept"));
            m_offset->hide();
            layout->addWidget(m_offset);
            connect(m_fraction, &QSpinBox::valueChanged, this, [this] {
                if (!m_updating)
                    Q_EMIT valueEdited(controlValue());
            });
            connect(m_fraction, &QSpinBox::editingFinished, this, &FieldEditor::editingFinished);
        }
        if (m_nullable) {
            m_clear = new QToolButton(box);
            m_clear->setIcon(Theme::icon(Theme::Icon::Clear));
            m_clear->setAutoRaise(true);
            m_clear->setFocusPolicy(Qt::NoFocus);
            m_clear->setToolTip(FieldEditor::tr("Clear"));
            m_clear->setAccessibleName(FieldEditor::tr("Clear %1").arg(label));
            layout->addWidget(m_clear);
            connect(m_clear, &QToolButton::clicked, this, [this] {
                if (controlValue().isNull())
                    return;
                setControlValue(QVariant());
                Q_EMIT valueEdited(QVariant());
            });
        }
        adopt(box);
        setFocusProxy(m_edit);
        m_edit->setAccessibleName(label);
        m_edit->installEventFilter(new UndoShortcutFilter(m_edit));
        connect(m_edit, &QDateTimeEdit::dateTimeChanged, this, [this] {
            updateFraction();
            if (!m_updating)
                Q_EMIT valueEdited(controlValue());
        });
        connect(m_edit, &QDateTimeEdit::editingFinished, this, &FieldEditor::editingFinished);
        // A value typed into NULL: the special text would take the keys as text after it
        // ("NULL2024…") and the editor would go back to NULL. The first digit starts from
        // today, the year selected, so that the date typed replaces it section by section.
        new EventHook(m_edit, [this](QEvent *event) {
            if (event->type() != QEvent::KeyPress || !isNullShown() || m_edit->isReadOnly())
                return false;
            const QString text = static_cast<QKeyEvent *>(event)->text();
            if (text.isEmpty() || !text.at(0).isDigit())
                return false;
            m_edit->setDateTime(QDateTime(QDate::currentDate(), QTime(0, 0)));
            m_edit->setSelectedSection(QDateTimeEdit::YearSection);
            return false;
        });
        // The calendar of a NULL value opens on this month, not on the minimum's (1752).
        if (QCalendarWidget *calendar = m_edit->calendarWidget()) {
            new EventHook(calendar, [this, calendar](QEvent *event) {
                if (event->type() == QEvent::Show && isNullShown()) {
                    const QDate today = QDate::currentDate();
                    calendar->setCurrentPage(today.year(), today.month());
                }
                return false;
            });
        }
    }

    QVariant controlValue() const override
    {
        if (isNullShown())
            return QVariant();
        if (m_dateOnly)
            return m_edit->date();
        const QDateTime shown = m_edit->dateTime();
        const int us = m_fraction->value();
        if (m_hasOffset) {
            const QTime t = shown.time();
            return QVariant::fromValue(
                orm::Timestamp(shown.date(), t.hour(), t.minute(), t.second(), us)
                    .withOffset(m_offsetSeconds));
        }
        const QDateTime utc = shown.toUTC();
        const QTime t = utc.time();
        return QVariant::fromValue(
            orm::Timestamp(utc.date(), t.hour(), t.minute(), t.second(), us));
    }
    void setControlValue(const QVariant &v) override
    {
        if (sameValue(controlValue(), v))
            return;
        m_updating = true;
        if (v.isNull()) {
            m_edit->setDateTime(m_edit->minimumDateTime());
        } else if (m_dateOnly) {
            m_edit->setDate(v.toDate());
        } else {
            const orm::Timestamp t = v.metaType().id() == QMetaType::QDateTime
                ? orm::Timestamp::fromDateTime(v.toDateTime())
                : v.value<orm::Timestamp>();
            m_hasOffset = t.hasOffset();
            m_offsetSeconds = t.offsetSeconds();
            if (m_hasOffset) {
                // Its own wall time, without conversions (UTC has no daylight saving).
                m_edit->setTimeSpec(Qt::UTC);
                m_edit->setDateTime(QDateTime(t.date(), t.time(), Qt::UTC));
                m_offset->setText(ValueFormatter::dateTimeText(t).section(u' ', -1));
            } else {
                m_edit->setTimeSpec(Qt::LocalTime);
                m_edit->setDateTime(t.toDateTime().toLocalTime());
            }
            m_offset->setVisible(m_hasOffset);
            m_fraction->setValue(t.microsecond());
        }
        updateFraction();
        m_updating = false;
    }
    void setControlReadOnly(bool readOnly) override
    {
        m_edit->setReadOnly(readOnly);
        m_edit->setButtonSymbols(readOnly ? QAbstractSpinBox::NoButtons
                                          : QAbstractSpinBox::UpDownArrows);
        if (m_fraction)
            m_fraction->setReadOnly(readOnly);
        if (m_clear)
            m_clear->setEnabled(!readOnly);
    }
    QWidget *control() const override { return m_edit; }

private:
    bool isNullShown() const { return m_edit->dateTime() == m_edit->minimumDateTime(); }
    // No fraction to edit while the value is NULL.
    void updateFraction()
    {
        if (m_fraction)
            m_fraction->setEnabled(!isNullShown());
    }

    QDateTimeEdit *m_edit = nullptr;
    MicrosecondSpinBox *m_fraction = nullptr;
    QLabel *m_offset = nullptr;
    QToolButton *m_clear = nullptr;
    bool m_dateOnly = false;
    bool m_nullable = false;
    bool m_updating = false;
    bool m_hasOffset = false;
    int m_offsetSeconds = 0;
};

class ForeignKeyFieldEditor final : public FieldEditor
{
public:
    ForeignKeyFieldEditor(Document *document, const orm::EntityMeta &meta, int column,
                          const orm::EntityMeta &target, QWidget *parent)
        : FieldEditor(meta, column, parent)
        , m_picker(new RecordPicker(document, target, RecordPicker::Mode::Value, this))
    {
        const orm::Column &c = meta.column(column).column;
        m_picker->setNullability(c.nullable ? RecordPicker::Nullability::Nullable
                                            : RecordPicker::Nullability::NotNullable);
        m_picker->setPlaceholderText(
            c.nullable
                ? FieldEditor::tr("None — type to search %1").arg(target.displayName().toLower())
                : FieldEditor::tr("Choose — type to search %1")
                      .arg(target.displayName().toLower()));
        adopt(m_picker);
        m_picker->lineEdit()->setAccessibleName(EntityCatalog::columnLabel(meta, column));
        m_picker->lineEdit()->installEventFilter(new UndoShortcutFilter(m_picker->lineEdit()));
        connect(m_picker, &RecordPicker::picked, this, &FieldEditor::objectPicked);
        connect(m_picker, &RecordPicker::valueEdited, this, [this](const QVariant &key) {
            if (key.isNull())
                Q_EMIT valueEdited(key); // cleared; a pick comes through objectPicked
        });
        connect(m_picker, &RecordPicker::editingFinished, this, &FieldEditor::editingFinished);
    }

    QVariant controlValue() const override { return m_picker->value(); }
    void setControlValue(const QVariant &v) override
    {
        // An unset integer key (0) reads as "none chosen yet".
        const bool unset = !v.isNull() && v.toLongLong() == 0
            && m_picker->meta()
                   .column(m_picker->meta().primaryKeyColumns().value(0))
                   .column.type.isIntegral();
        m_picker->setValue(unset ? QVariant() : v);
    }
    void setControlReadOnly(bool readOnly) override { m_picker->setReadOnly(readOnly); }
    QWidget *control() const override { return m_picker->lineEdit(); }
    void setPendingReference(const std::shared_ptr<orm::Entity> &target) override
    {
        m_picker->setPendingTarget(target);
    }
    RecordPicker *picker() const { return m_picker; }

private:
    RecordPicker *m_picker;
};

class ReadOnlyFieldEditor final : public FieldEditor
{
public:
    ReadOnlyFieldEditor(const orm::EntityMeta &meta, int column, QWidget *parent)
        : FieldEditor(meta, column, parent)
        , m_label(new QLineEdit(this))
    {
        m_label->setReadOnly(true);
        m_label->setFrame(false);
        adopt(m_label);
    }
    QVariant controlValue() const override { return m_value; }
    void setControlValue(const QVariant &v) override
    {
        m_value = v;
        const orm::Column &c = meta().column(column()).column;
        if (EntityCatalog::isGeneratedKey(meta(), column()) && (v.isNull() || v.toLongLong() == 0))
            m_label->setText(FieldEditor::tr("assigned on commit"));
        else
            m_label->setText(ValueFormatter::display(c, v));
    }
    void setControlReadOnly(bool) override { }
    QWidget *control() const override { return m_label; }

private:
    QLineEdit *m_label;
    QVariant m_value;
};

// A blob in the form: its size, and a preview (a thumbnail of an image, else its first bytes
// in hex and as text), so that a large value is recognisable without leaving the program.
class BlobFieldEditor final : public FieldEditor
{
public:
    BlobFieldEditor(const orm::EntityMeta &meta, int column, QWidget *parent)
        : FieldEditor(meta, column, parent)
        , m_box(new QWidget(this))
        , m_size(new QLineEdit(m_box))
        , m_preview(new QLabel(m_box))
    {
        auto *layout = new QVBoxLayout(m_box);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->setSpacing(2);
        m_size->setObjectName(u"blobSize"_s);
        m_size->setReadOnly(true);
        m_size->setFrame(false);
        m_preview->setObjectName(u"blobPreview"_s);
        m_preview->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        m_preview->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_preview->setAccessibleName(FieldEditor::tr("Preview"));
        layout->addWidget(m_size);
        layout->addWidget(m_preview);
        adopt(m_box);
        m_box->setFocusProxy(m_size);
    }
    QVariant controlValue() const override { return m_value; }
    void setControlValue(const QVariant &v) override
    {
        m_value = v;
        m_preview->clear();
        m_preview->hide();
        if (v.isNull()) {
            m_size->setText(ValueFormatter::nullText());
            return;
        }
        const QByteArray data = v.toByteArray();
        const QString size = QLocale().formattedDataSize(data.size());
        QBuffer buffer;
        buffer.setData(data);
        QImageReader reader(&buffer);
        const QSize full = reader.size();
        const QByteArray format = reader.format(); // asked before read(), which resets it
        if (full.isValid() && reader.canRead()) {
            // Decoded at thumbnail size where the format allows it (JPEG), never at full size;
            // in device pixels, so that it is sharp on a high-DPI screen.
            const QSize logical = full.scaled(QSize(160, 120), Qt::KeepAspectRatio).boundedTo(full);
            const QSize physical =
                full.scaled(logical * m_preview->devicePixelRatioF(), Qt::KeepAspectRatio)
                    .boundedTo(full);
            reader.setScaledSize(physical);
            QImage thumbnail = reader.read();
            if (!thumbnail.isNull()) {
                thumbnail.setDevicePixelRatio(qreal(physical.width()) / logical.width());
                m_size->setText(FieldEditor::tr("%1, %2 image, %3 × %4")
                                    .arg(size, QString::fromLatin1(format).toUpper())
                                    .arg(full.width())
                                    .arg(full.height()));
                m_preview->setPixmap(QPixmap::fromImage(thumbnail));
                m_preview->show();
                return;
            }
        }
        m_size->setText(size);
        if (data.isEmpty())
            return;
        // The first 48 bytes, 16 to a line: hex, then the printable ones.
        QStringList lines;
        for (qsizetype at = 0; at < qMin<qsizetype>(data.size(), 48); at += 16) {
            const QByteArray chunk = data.mid(at, 16);
            QString text;
            for (char ch : chunk)
                text += QChar::fromLatin1(ch >= 0x20 && ch < 0x7f ? ch : '.');
            lines << QString::fromLatin1(chunk.toHex(' ')).leftJustified(47) + u"  "_s + text;
        }
        if (data.size() > 48)
            lines << QString(QChar(0x2026));
        m_preview->setText(lines.join(u'\n'));
        m_preview->show();
    }
    void setControlReadOnly(bool) override { }
    QWidget *control() const override { return m_size; }

private:
    QWidget *m_box;
    QLineEdit *m_size;
    QLabel *m_preview;
    QVariant m_value;
};

} // namespace

FieldEditor::FieldEditor(const orm::EntityMeta &meta, int column, QWidget *parent)
    : QWidget(parent)
    , m_meta(&meta)
    , m_column(column)
{
    setObjectName(u"field_"_s + meta.column(column).column.name);
}

FieldEditor::~FieldEditor()
{
    // Destroying a focused editor moves the focus, and its control then reports "editing
    // finished" to an editor that is no longer one.
    for (QObject *child : findChildren<QObject *>())
        disconnect(child, nullptr, this, nullptr);
}

void FieldEditor::adopt(QWidget *control)
{
    // The control's row, and under it a note where the column has one (showFormNote()).
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(1);
    m_row = new QHBoxLayout;
    m_row->setContentsMargins(0, 0, 0, 0);
    m_row->addWidget(control);
    layout->addLayout(m_row);
    m_adopted = control;
    setFocusProxy(control);
    control->setAccessibleName(EntityCatalog::columnLabel(*m_meta, m_column));
    control->installEventFilter(new UndoShortcutFilter(control));
    if (auto *spin = qobject_cast<QAbstractSpinBox *>(control))
        spin->setKeyboardTracking(true);
}

QVariant FieldEditor::value() const
{
    if (!m_stored.isValid())
        return controlValue();
    // Untouched, the stored value stays as it is; typed text is converted when staged.
    if (!m_storedEdit->isModified())
        return m_stored;
    const QString text = m_storedEdit->text();
    return text.isEmpty() ? QVariant() : QVariant(text);
}

void FieldEditor::setValue(const QVariant &value)
{
    const orm::TypeSpec &type = m_meta->column(m_column).column.type;
    if (!orm::storage::isProgramValue(value, type) && !isDecimalText(value, type)) {
        showStoredValue(value);
        return;
    }
    hideStoredValue();
    setControlValue(value);
}

void FieldEditor::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    setControlReadOnly(readOnly);
    if (m_storedEdit)
        m_storedEdit->setReadOnly(readOnly);
}

void FieldEditor::showStoredValue(const QVariant &stored)
{
    const orm::Column &c = m_meta->column(m_column).column;
    // Storage classes are SQLite's: a server types every value itself, so there the value is
    // shown as it came, without a note about how it is stored.
    const QString note = m_serverTyped ? QString() : ValueFormatter::storedNote(c, stored);
    if (!m_storedEdit) {
        m_storedEdit = new QLineEdit(this);
        m_storedEdit->setObjectName(u"storedValue"_s);
        m_storedEdit->setAccessibleName(EntityCatalog::columnLabel(*m_meta, m_column));
        m_storedEdit->installEventFilter(new UndoShortcutFilter(m_storedEdit));
        m_storedNote = new QLabel(this);
        m_storedNote->setObjectName(u"storedValueNote"_s);
        QPalette palette = m_storedNote->palette();
        palette.setColor(QPalette::WindowText, Theme::warningColor(palette));
        m_storedNote->setPalette(palette);
        m_row->addWidget(m_storedEdit);
        m_row->addWidget(m_storedNote);
        // Right after the control in the tab chain, which is hidden while this is shown.
        setTabOrder(control(), m_storedEdit);
        connect(m_storedEdit, &QLineEdit::textEdited, this,
                [this] { Q_EMIT valueEdited(value()); });
        connect(m_storedEdit, &QLineEdit::editingFinished, this, &FieldEditor::editingFinished);
    }
    if (!m_stored.isValid()) {
        m_controlFocus = focusProxy();
        const bool hadFocus = m_controlFocus && m_controlFocus->hasFocus();
        m_adopted->hide();
        setFocusProxy(m_storedEdit);
        if (hadFocus)
            m_storedEdit->setFocus(Qt::OtherFocusReason);
    }
    m_stored = stored;
    m_storedEdit->setText(ValueFormatter::storedText(stored, ValueFormatter::Length::Full));
    m_storedEdit->setReadOnly(m_readOnly);
    m_storedEdit->setCursorPosition(0);
    m_storedEdit->setToolTip(
        note.isEmpty()
            ? QString()
            : tr("%1. Type a %2 value to replace it.").arg(note, orm::typeDisplayName(c.type)));
    m_storedNote->setText(note);
    if (m_formNote)
        m_formNote->hide(); // the stored value's own note says it
    updateStoredLook();
    // A cell has no room beside the value: the tooltip says it there.
    m_storedNote->setVisible(m_style == Style::Form && !note.isEmpty());
    m_storedEdit->show();
}

void FieldEditor::showFormNote()
{
    // Another framework's form ('t' / 'f', epoch integers, ISO text with 'T'): edited as the
    // type it means, and said where the person looks: beside the form's field, on the cell.
    const QString note = ValueFormatter::formNote(m_meta->column(m_column).column);
    if (note.isEmpty() || !m_adopted)
        return;
    m_adopted->setToolTip(note);
    if (m_style != Style::Form)
        return;
    m_formNote = new QLabel(note, this);
    m_formNote->setObjectName(u"storageFormNote"_s);
    QPalette palette = m_formNote->palette();
    palette.setColor(QPalette::WindowText, palette.color(QPalette::PlaceholderText));
    m_formNote->setPalette(palette);
    QFont small = m_formNote->font();
    small.setPointSizeF(small.pointSizeF() * 0.92);
    m_formNote->setFont(small);
    layout()->addWidget(m_formNote);
}

void FieldEditor::hideStoredValue()
{
    if (!m_stored.isValid())
        return;
    m_stored = QVariant();
    // Replaced by a value of the declared type (typed here, or undone): the control is back,
    // with the focus if the stored value had it.
    const bool hadFocus = m_storedEdit->hasFocus();
    m_storedEdit->hide();
    m_storedNote->hide();
    m_adopted->show();
    if (m_formNote)
        m_formNote->show();
    setFocusProxy(m_controlFocus);
    if (hadFocus && m_controlFocus)
        m_controlFocus->setFocus(Qt::OtherFocusReason);
}

void FieldEditor::setError(const QString &message)
{
    if (message == m_error)
        return;
    m_error = message;
    QWidget *c = control();
    QPalette palette = c->parentWidget() ? c->parentWidget()->palette() : QApplication::palette();
    if (!message.isEmpty()) {
        const QColor error = Theme::errorColor(palette);
        palette.setColor(QPalette::Base, Theme::tint(palette, error, 0.16));
        c->setPalette(palette);
        c->setAccessibleDescription(message);
    } else {
        c->setPalette(QPalette());
        c->setAttribute(Qt::WA_SetPalette, false);
        c->setAccessibleDescription(QString());
    }
    if (m_storedEdit)
        updateStoredLook();
}

void FieldEditor::updateStoredLook()
{
    // The stored value reads in the warning colour, over the error tint while it is invalid.
    QPalette palette = this->palette();
    if (!m_serverTyped)
        palette.setColor(QPalette::Text, Theme::warningColor(palette));
    if (!m_error.isEmpty())
        palette.setColor(QPalette::Base, Theme::tint(palette, Theme::errorColor(palette), 0.16));
    m_storedEdit->setPalette(palette);
    m_storedEdit->setAccessibleDescription(m_error.isEmpty() ? m_storedNote->text() : m_error);
}

FieldEditor *FieldEditor::create(Document *document, const orm::EntityMeta &meta, int column,
                                 Style style, QWidget *parent)
{
    FieldEditor *editor = createControl(document, meta, column, style, parent);
    editor->m_style = style;
    editor->m_serverTyped = document && document->isServer();
    editor->showFormNote();
    return editor;
}

FieldEditor *FieldEditor::createControl(Document *document, const orm::EntityMeta &meta, int column,
                                        Style style, QWidget *parent)
{
    const orm::Column &c = meta.column(column).column;
    // A generated column's value is the database's (computed from the row's other columns).
    if (EntityCatalog::isGeneratedKey(meta, column) || meta.isReadOnly() || c.isGenerated())
        return new ReadOnlyFieldEditor(meta, column, parent);
    if (document) {
        const ForeignKeyLink link = document->catalog().foreignKey(meta, column);
        if (link.isValid() && link.target->primaryKeyColumns() == QList<int> {link.targetColumn})
            return new ForeignKeyFieldEditor(document, meta, column, *link.target, parent);
    }
    switch (c.type.type) {
    case orm::ColumnType::Integer:
    case orm::ColumnType::BigInteger:
        return new IntegerFieldEditor(meta, column, parent);
    case orm::ColumnType::Boolean:
        return new BoolFieldEditor(meta, column, parent);
    case orm::ColumnType::Date:
    case orm::ColumnType::DateTime:
        return new DateFieldEditor(meta, column, parent);
    case orm::ColumnType::Text:
    case orm::ColumnType::Json:
        return new TextFieldEditor(meta, column, style, parent);
    case orm::ColumnType::LargeBinary:
        if (style == Style::Form)
            return new BlobFieldEditor(meta, column, parent);
        return new ReadOnlyFieldEditor(meta, column, parent);
    default:
        return new LineFieldEditor(meta, column, document && document->isServer(), parent);
    }
}

} // namespace ui
