// SPDX-License-Identifier: MIT
#include "datacommands.h"

#include "orm/engine/connection.h"
#include "orm/io/tableexport.h"
#include "orm/io/tableimport.h"
#include "orm/sql/schema.h"
#include "ui/serverlocation.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <cstdio>
#include <memory>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

// The texts' translation context.
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(main)
};

void printLine(FILE *stream, const QString &message)
{
    std::fprintf(stream, "rowsmith: %s\n", qUtf8Printable(message));
}

// The usage, naming the program as typed rather than by its full path.
QString usage(const QCommandLineParser &parser, const QString &command)
{
    return parser.helpText().replace(u"Usage: "_s + QCoreApplication::arguments().value(0),
                                     u"Usage: rowsmith "_s + command);
}

int usageError(const QCommandLineParser &parser, const QString &command, const QString &message)
{
    printLine(stderr, message);
    std::fputs(qUtf8Printable(usage(parser, command)), stderr);
    return 2;
}

// DATABASE as the window takes it: a file path, or a URL. A file must exist: neither command
// creates a database.
// Parses a command's arguments: the exit code when the command ends here (--help: 0, bad
// arguments or not exactly `count` positional ones: 2 with the usage), nullopt to go on.
std::optional<int> parseCommand(QCommandLineParser &parser, const QString &command,
                                const QStringList &arguments, qsizetype count,
                                const QString &tooFew)
{
    if (!parser.parse(QStringList {u"rowsmith-"_s + command} + arguments))
        return usageError(parser, command, parser.errorText());
    if (parser.isSet(u"help"_s)) {
        std::fputs(qUtf8Printable(usage(parser, command)), stdout);
        return 0;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() < count)
        return usageError(parser, command, tooFew);
    if (positional.size() > count)
        return usageError(parser, command,
                          Tr::tr("Unexpected argument: %1").arg(positional.at(count)));
    return std::nullopt;
}

std::unique_ptr<orm::Connection> openDatabase(const QString &database, bool readOnly)
{
    orm::DatabaseUrl url;
    if (database.contains(u"://"_s) && !QFileInfo::exists(database)) {
        QString message;
        url = orm::DatabaseUrl::parse(database, &message);
        if (!url.isValid()) {
            printLine(stderr, message);
            return nullptr;
        }
    } else {
        if (!QFileInfo(database).isFile()) {
            printLine(stderr, Tr::tr("%1: no such database file.").arg(database));
            return nullptr;
        }
        url = orm::DatabaseUrl::forFile(QFileInfo(database).absoluteFilePath());
    }
    orm::ConnectionOptions options;
    options.readOnly = readOnly;
    orm::Error error;
    auto connection = orm::Connection::open(url, options, &error);
    if (!connection)
        printLine(stderr, Tr::tr("%1 cannot be opened: %2").arg(database, error.text()));
    return connection;
}

bool isServer(const QString &database)
{
    return database.contains(u"://"_s) && !QFileInfo::exists(database)
        && orm::DatabaseUrl::parse(database).backend() != u"sqlite";
}

// A table as a person names it on the command line, and where it is: DATABASE, or on a server
// for "schema.table" of a schema other than the URL's, DATABASE showing that schema (its
// search_path, as the window shows one), where the table is named alone.
struct TableLocation
{
    QString database;
    QString table;
};

// The schemas of a server, for a message ("public, sales").
QString schemaList(orm::Connection &connection)
{
    const std::optional<QStringList> schemas = connection.schemas();
    return schemas ? schemas->join(u", "_s) : QString();
}

// Where TABLE is; nullopt with the reason printed (a schema the server does not have).
std::optional<TableLocation> locateTable(const QString &database, const QString &table)
{
    const qsizetype dot = table.indexOf(u'.');
    if (!isServer(database) || dot <= 0)
        return TableLocation {database, table};
    auto connection = openDatabase(database, true);
    if (!connection)
        return std::nullopt;
    orm::Error error;
    const auto meta = connection->reflect(QString(), &error);
    if (!meta) {
        printLine(stderr, error.text());
        return std::nullopt;
    }
    if (orm::findTable(*meta, table))
        return TableLocation {database, table}; // a name with a dot, or a schema reflected
    const QString schema = table.left(dot);
    const std::optional<QStringList> schemas = connection->schemas(&error);
    if (!schemas) {
        printLine(stderr, error.text());
        return std::nullopt;
    }
    QString found;
    for (const QString &s : *schemas) {
        if (s == schema || (found.isEmpty() && s.compare(schema, Qt::CaseInsensitive) == 0))
            found = s;
    }
    if (found.isEmpty()) {
        printLine(stderr,
                  Tr::tr("%1 has no schema %2 (its schemas: %3).")
                      .arg(ui::withoutPassword(database), schema, schemas->join(u", "_s)));
        return std::nullopt;
    }
    return TableLocation {ui::withServerSchema(database, found), table.mid(dot + 1)};
}

QCommandLineOption separatorOption()
{
    return QCommandLineOption(u"separator"_s, Tr::tr("CSV: the field separator (default: ,)."),
                              Tr::tr("character"), u","_s);
}

QCommandLineOption nullOption()
{
    return QCommandLineOption(u"null"_s,
                              Tr::tr("CSV: the text of NULL (default: an empty unquoted field)."),
                              Tr::tr("text"));
}

bool separatorFrom(const QCommandLineParser &parser, QChar *separator)
{
    QString s = parser.value(u"separator"_s);
    if (s == u"\\t"_s || s == u"tab"_s)
        s = u"\t"_s;
    if (s.size() != 1 || s == u"\""_s || s == u"\n"_s || s == u"\r"_s)
        return false;
    *separator = s.front();
    return true;
}

} // namespace

int runExportCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        Tr::tr("Writes every row of a table as CSV, JSON or SQL INSERT statements, to standard "
               "output or a file. Nothing in the database changes."));
    parser.addHelpOption();
    const QCommandLineOption format(u"format"_s,
                                    Tr::tr("csv, json or sql (default: the output file's "
                                           "extension, else csv)."),
                                    Tr::tr("format"));
    const QCommandLineOption output(QStringList {u"o"_s, u"output"_s},
                                    Tr::tr("The file to write (default: standard output)."),
                                    Tr::tr("file"));
    const QCommandLineOption dump(u"dump"_s,
                                  Tr::tr("SQL: a script that makes the table again, as the "
                                         "sqlite3 shell's .dump: CREATE TABLE and its indexes, "
                                         "the INSERTs, its triggers, in one transaction."));
    parser.addOption(format);
    parser.addOption(output);
    parser.addOption(dump);
    parser.addOption(separatorOption());
    parser.addOption(nullOption());
    parser.addPositionalArgument(u"database"_s, Tr::tr("The SQLite file or PostgreSQL URL."));
    parser.addPositionalArgument(u"table"_s, Tr::tr("The table (or view) to export."));
    if (const std::optional<int> exit = parseCommand(
            parser, u"export"_s, arguments, 2, Tr::tr("export needs a database and a table.")))
        return *exit;
    const QStringList positional = parser.positionalArguments();
    orm::ExportOptions options;
    QString formatName = parser.value(format).toLower();
    if (formatName.isEmpty() && parser.isSet(output))
        formatName = QFileInfo(parser.value(output)).suffix().toLower();
    if (formatName.isEmpty() && parser.isSet(dump))
        formatName = u"sql"_s;
    if (formatName.isEmpty() || formatName == u"csv")
        options.format = orm::ExportFormat::Csv;
    else if (formatName == u"json")
        options.format = orm::ExportFormat::Json;
    else if (formatName == u"sql")
        options.format = orm::ExportFormat::Sql;
    else
        return usageError(parser, u"export"_s,
                          Tr::tr("Unknown format %1: csv, json or sql.").arg(formatName));
    if (parser.isSet(dump) && options.format != orm::ExportFormat::Sql)
        return usageError(parser, u"export"_s,
                          Tr::tr("--dump writes SQL, not %1.").arg(formatName));
    options.definition = parser.isSet(dump);
    if (!separatorFrom(parser, &options.separator))
        return usageError(parser, u"export"_s,
                          Tr::tr("The separator is one character, not a quote or a line break."));
    options.nullText = parser.value(u"null"_s);

    const std::optional<TableLocation> location = locateTable(positional.at(0), positional.at(1));
    if (!location)
        return 1;
    auto connection = openDatabase(location->database, true);
    if (!connection)
        return 1;
    orm::Error error;
    const auto meta = connection->reflect(QString(), &error);
    if (!meta) {
        printLine(stderr, error.text());
        return 1;
    }
    const orm::Table *table = orm::findTable(*meta, location->table);
    if (!table && isServer(location->database)) {
        // Said with the schema looked in, and how to name another's table.
        printLine(stderr,
                  Tr::tr("%1 has no table %2 in the schema %3; a table of another schema is "
                         "named schema.table (its schemas: %4).")
                      .arg(ui::withoutPassword(positional.at(0)), location->table,
                           ui::serverSchema(orm::DatabaseUrl::parse(location->database)),
                           schemaList(*connection)));
        return 1;
    }
    if (!table) {
        printLine(stderr, Tr::tr("%1 has no table %2.").arg(positional.at(0), positional.at(1)));
        return 1;
    }
    // A file is replaced only when the export is whole.
    std::unique_ptr<QIODevice> out;
    if (parser.isSet(output)) {
        auto file = std::make_unique<QSaveFile>(parser.value(output));
        if (!file->open(QIODevice::WriteOnly)) {
            printLine(
                stderr,
                Tr::tr("%1 cannot be written: %2").arg(parser.value(output), file->errorString()));
            return 1;
        }
        out = std::move(file);
    } else {
        auto file = std::make_unique<QFile>();
        if (!file->open(stdout, QIODevice::WriteOnly)) {
            printLine(stderr, Tr::tr("Standard output cannot be written."));
            return 1;
        }
        out = std::move(file);
    }
    orm::TableExporter exporter(*connection, options);
    if (!exporter.exportTable(*table, out.get())) {
        printLine(stderr, exporter.lastError().text());
        return 1;
    }
    if (auto *file = dynamic_cast<QSaveFile *>(out.get()); file && !file->commit()) {
        printLine(
            stderr,
            Tr::tr("%1 cannot be written: %2").arg(parser.value(output), file->errorString()));
        return 1;
    }
    return 0;
}

int runImportCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        Tr::tr("Reads a CSV or JSON file into a table, all or nothing: every row is checked "
               "against the table's columns, and when one does not fit, nothing is written and "
               "the first bad rows are listed. A table that does not exist is created with the "
               "types of the file's values."));
    parser.addHelpOption();
    const QCommandLineOption format(
        u"format"_s, Tr::tr("csv or json (default: the file's extension, else csv)."),
        Tr::tr("format"));
    parser.addOption(format);
    parser.addOption(separatorOption());
    parser.addOption(nullOption());
    parser.addPositionalArgument(u"database"_s, Tr::tr("The SQLite file or PostgreSQL URL."));
    parser.addPositionalArgument(u"table"_s, Tr::tr("The table to fill (created when missing)."));
    parser.addPositionalArgument(u"file"_s, Tr::tr("The CSV or JSON file."));
    if (const std::optional<int> exit =
            parseCommand(parser, u"import"_s, arguments, 3,
                         Tr::tr("import needs a database, a table and a file.")))
        return *exit;
    const QStringList positional = parser.positionalArguments();
    orm::ImportOptions options;
    QString formatName = parser.value(format).toLower();
    if (formatName.isEmpty())
        formatName =
            QFileInfo(positional.at(2)).suffix().toLower() == u"json" ? u"json"_s : u"csv"_s;
    if (formatName == u"csv")
        options.format = orm::ImportFormat::Csv;
    else if (formatName == u"json")
        options.format = orm::ImportFormat::Json;
    else
        return usageError(parser, u"import"_s,
                          Tr::tr("Unknown format %1: csv or json.").arg(formatName));
    if (!separatorFrom(parser, &options.separator))
        return usageError(parser, u"import"_s,
                          Tr::tr("The separator is one character, not a quote or a line break."));
    options.nullText = parser.value(u"null"_s);

    QFile file(positional.at(2));
    if (!file.open(QIODevice::ReadOnly)) {
        printLine(stderr,
                  Tr::tr("%1 cannot be read: %2").arg(positional.at(2), file.errorString()));
        return 1;
    }
    const std::optional<TableLocation> location = locateTable(positional.at(0), positional.at(1));
    if (!location)
        return 1;
    auto connection = openDatabase(location->database, false);
    if (!connection)
        return 1;
    orm::TableImporter importer(*connection, options);
    if (!importer.importFile(location->table, &file)) {
        for (const orm::ImportProblem &problem : importer.problems())
            printLine(stderr, problem.text());
        printLine(stderr,
                  importer.problems().isEmpty()
                      ? importer.lastError().text()
                      : Tr::tr("Nothing was imported: the rows above do not fit %1.")
                            .arg(positional.at(1)));
        return 1;
    }
    const int rows = int(qMin<qint64>(importer.rowsImported(), INT_MAX));
    QString line;
    if (importer.createdTable())
        line = Tr::tr("Created %1 and imported %n row(s).", nullptr, rows).arg(positional.at(1));
    else
        line = Tr::tr("Imported %n row(s) into %1.", nullptr, rows).arg(positional.at(1));
    std::printf("%s\n", qUtf8Printable(line));
    return 0;
}
