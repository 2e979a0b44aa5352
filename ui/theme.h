// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>
#include <QIcon>
#include <QPalette>

namespace ui {

// Icons and colours of the application, derived from the palette so that they follow the
// system's light or dark theme. Icons come from the desktop's icon theme when it has them, and
// are otherwise painted as vector glyphs in the palette's text colour (sharp at any scale).
class Theme
{
public:
    enum class Icon {
        NewDatabase,
        Open,
        Back,
        Forward,
        NewRecord,
        DeleteRecord,
        Undo,
        Redo,
        Commit,
        Discard,
        Revert,
        Search,
        Add,
        Remove,
        GoTo,
        Table,
        SqlLog,
        PendingChanges,
        Refresh,
        Quit,
        About,
        Clear,
        Warning,
        Added,
        Modified,
        Deleted,
        Trigger, // a table with triggers: code of the file's that runs when rows are written
        Application,
    };

    static QIcon icon(Icon id);
    // The same glyph, always painted (never taken from the icon theme).
    static QIcon paintedIcon(Icon id);

    static bool isDark(const QPalette &palette);
    // A red readable on the palette's base and window colours, light or dark.
    static QColor errorColor(const QPalette &palette);
    // An amber readable on the palette's base colour: odd data worth a look, not an error.
    static QColor warningColor(const QPalette &palette);
    static QColor addedColor(const QPalette &palette);
    static QColor modifiedColor(const QPalette &palette);
    static QColor deletedColor(const QPalette &palette);
    // A faint tint of colour over the palette's base colour (row and field backgrounds).
    static QColor tint(const QPalette &palette, const QColor &colour, qreal amount = 0.18);
    static QColor blend(const QColor &a, const QColor &b, qreal amount);
};

} // namespace ui
