// SPDX-License-Identifier: MIT
#include "orm/io/recordreader.h"
#include "orm/io/tableexport.h"
#include "orm/io/tableimport.h"
#include "orm/sql/dialect.h"
#include "orm/sql/types.h"
#include "ormverify.h"
#include "testengine.h"

#include <QBuffer>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace {

// A table of every kind of stored value: id, text, a 64-bit integer, a real, bytes.
orm::Table sampleTable(const QString &name)
{
    orm::Table t(name);
    orm::Column id;
    id.name = u"id"_s;
    id.type = orm::BigInteger;
    id.primaryKey = true;
    id.nullable = false;
    t.addColumn(id);
    for (auto [column, type] :
         {std::pair(u"label"_s, orm::Text), std::pair(u"amount"_s, orm::BigInteger),
          std::pair(u"ratio"_s, orm::Float), std::pair(u"data"_s, orm::LargeBinary)}) {
        orm::Column c;
        c.name = column;
        c.type = type;
        t.addColumn(c);
    }
    return t;
}

// Rows with awkward text, NULLs, int64 extremes, reals that need every digit, and bytes.
QList<QVariantList> sampleRows()
{
    QByteArray everyByte;
    for (int i = 0; i < 256; ++i)
        everyByte += char(i);
    const QVariant null;
    return {
        {qint64(1), u"plain"_s, qint64(0), 0.1, QByteArray("\x00\x01\xff", 3)},
        {qint64(2), u"comma, inside"_s, std::numeric_limits<qint64>::max(), 1.0 / 3.0, everyByte},
        {qint64(3), u"say \"hi\""_s, std::numeric_limits<qint64>::min(), -2.5e-300, null},
        {qint64(4), u"two\nlines\r\nand CRLF"_s, qint64(-1), 1e300, QByteArray("", 0)},
        {qint64(5), u"Ünïcødé ✓ 😀 中文"_s, null, 3.0, null},
        {qint64(6), u"=SUM(A1:A9)"_s, qint64(42), null, null},
        {qint64(7), u""_s, null, std::numeric_limits<double>::denorm_min(), null},
        {qint64(8), null, null, null, null},
        {qint64(9), u" padded "_s, qint64(7), 2.5, null},
        {qint64(10), u"tab\tand 'single' quotes; semicolon"_s, qint64(1), 123456789.123456789,
         null},
    };
}

std::unique_ptr<orm::Connection> openConnection(const QString &url)
{
    orm::Error error;
    auto c = orm::Connection::open(orm::DatabaseUrl::parse(url), {}, &error);
    if (!c)
        qWarning() << error.text();
    return c;
}

bool create(orm::Connection &c, const orm::Table &table)
{
    for (const QString &statement : c.dialect().createTable(table)) {
        if (!c.exec(statement)) {
            qWarning() << c.lastError().text();
            return false;
        }
    }
    return true;
}

bool fill(orm::Connection &c, const orm::Table &table, const QList<QVariantList> &rows)
{
    QStringList names;
    for (const orm::Column &col : table.columns())
        names << col.name;
    const orm::Compiled insert =
        orm::compileInsert(c.dialect(), QString(), table.qualifiedName(), names);
    for (const QVariantList &row : rows) {
        if (!c.exec(insert.sql, row)) {
            qWarning() << c.lastError().text();
            return false;
        }
    }
    return true;
}

QList<QVariantList> rowsOf(orm::Connection &c, const QString &table)
{
    const auto rows =
        c.select(u"SELECT * FROM "_s + c.dialect().quoteIdentifier(table) + u" ORDER BY 1"_s);
    return rows.value_or(QList<QVariantList>());
}

QByteArray exported(orm::Connection &c, const orm::Table &table, const orm::ExportOptions &options)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    orm::TableExporter exporter(c, options);
    if (!exporter.exportTable(table, &buffer))
        qWarning() << exporter.lastError().text();
    return buffer.data();
}

// Stored values compare as stored: the same storage class and bytes (a real by its bits).
void compareRows(const QList<QVariantList> &actual, const QList<QVariantList> &expected)
{
    QCOMPARE(actual.size(), expected.size());
    for (qsizetype r = 0; r < actual.size(); ++r) {
        QCOMPARE(actual.at(r).size(), expected.at(r).size());
        for (qsizetype i = 0; i < actual.at(r).size(); ++i) {
            const QVariant &a = actual.at(r).at(i);
            const QVariant &e = expected.at(r).at(i);
            // A server keeps an empty BYTEA; SQLite gives back an empty blob as itself too.
            const bool same = orm::storage::isSameStored(a, e)
                || (a.typeId() == QMetaType::Double && e.typeId() == QMetaType::Double
                    && std::signbit(a.toDouble()) == std::signbit(e.toDouble())
                    && a.toDouble() == e.toDouble());
            const auto describe = [](const QVariant &v) -> QString {
                return v.toString() + u" ("_s
                    + QString::fromLatin1(v.typeName() ? v.typeName() : "null") + u')';
            };
            QVERIFY2(same,
                     qPrintable(u"row %1 column %2: %3 instead of %4"_s.arg(r).arg(i).arg(
                         describe(a), describe(e))));
        }
    }
}

} // namespace

class tst_TableIo : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QString message;
        QVERIFY2(testengine::prepare(&message), qPrintable(message));
    }
    void init()
    {
        m_url = testengine::fresh(u"sqlite:///"_s + m_dir.filePath(u"io.db"_s));
        QFile::remove(m_dir.filePath(u"io.db"_s));
        m_connection = openConnection(m_url);
        QVERIFY(m_connection);
        QVERIFY(create(*m_connection, sampleTable(u"source"_s)));
        QVERIFY(fill(*m_connection, sampleTable(u"source"_s), sampleRows()));
    }
    void cleanup() { m_connection.reset(); }

    void csvIsRfc4180WithTheValuesAsStored();
    void jsonIsAnArrayOfObjectsWithTypesKept();
    void roundTrip_data();
    void roundTrip();
    void sqlStatementsWriteTheRowsAgain();
    void invalidUtf8TextIsHexWithAMarker();
    void separatorNullTextAndEncoding();
    void exportCanBeCancelled();
    void importCreatesATableWithDetectedTypes();
    void importRefusesBadRowsAndWritesNothing();
    void importReportsTheRowTheDatabaseRefuses();
    void importMapsColumnsAndSkipsOthers();
    void jsonImportKeepsTheFirstObjectsKeyOrder();
    void cellsWithoutAHeaderReadAsTheyWereWritten();
    void serverDecimalsAndInfinitiesArriveExactly();
    void textLikeTheMarkerStaysText();

private:
    bool importCsv(const QString &table, const QByteArray &csv, orm::TableImporter *importer);

    QTemporaryDir m_dir;
    QString m_url;
    std::unique_ptr<orm::Connection> m_connection;
};

void tst_TableIo::csvIsRfc4180WithTheValuesAsStored()
{
    // Given the sample rows, when they are exported as CSV,
    const QByteArray csv = exported(*m_connection, sampleTable(u"source"_s), {});
    const QList<QByteArray> lines = csv.split('\n');
    // then the header names the columns, records end with CRLF, fields with separators, quotes
    // or line breaks are quoted (quotes doubled), NULL is an empty field and empty text "",
    // reals carry every digit and a point, bytes are hex.
    QCOMPARE(lines.at(0), "id,label,amount,ratio,data\r");
    QCOMPARE(lines.at(1), "1,plain,0,0.1,0001ff\r");
    QVERIFY(
        csv.contains("\r\n2,\"comma, inside\",9223372036854775807,0.3333333333333333,00010203"));
    QVERIFY(csv.contains("\r\n3,\"say \"\"hi\"\"\",-9223372036854775808,-2.5e-300,\r\n"));
    QVERIFY(csv.contains("\r\n4,\"two\nlines\r\nand CRLF\",-1,1e+300,\"\"\r\n"));
    QVERIFY(csv.contains("\r\n5,Ünïcødé ✓ 😀 中文,,3.0,\r\n"));
    QVERIFY(csv.contains("\r\n6,=SUM(A1:A9),42,,\r\n"));
    QVERIFY(csv.contains("\r\n7,\"\",,"));
    QVERIFY(csv.contains("\r\n8,,,,\r\n"));
    QVERIFY2(csv.contains("\r\n9,\" padded \",7,2.5,\r\n"), csv.constData());
    QVERIFY(csv.endsWith("\r\n"));
}

void tst_TableIo::jsonIsAnArrayOfObjectsWithTypesKept()
{
    orm::ExportOptions options;
    options.format = orm::ExportFormat::Json;
    const QByteArray json = exported(*m_connection, sampleTable(u"source"_s), options);
    // The output is JSON: an array of an object per row,
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    QCOMPARE(doc.array().size(), 10);
    const QJsonObject second = doc.array().at(1).toObject();
    // with numbers as numbers (64-bit integers exactly), bytes as base64 and NULL as null.
    QVERIFY(json.contains("\"amount\": 9223372036854775807"));
    QVERIFY(json.contains("\"amount\": -9223372036854775808"));
    QCOMPARE(second.value(u"label"_s).toString(), u"comma, inside"_s);
    QCOMPARE(QByteArray::fromBase64(second.value(u"data"_s).toString().toLatin1()).size(), 256);
    QVERIFY(doc.array().at(7).toObject().value(u"label"_s).isNull());
    QVERIFY(json.contains("\"ratio\": 3.0"));
    QCOMPARE(doc.array().at(3).toObject().value(u"label"_s).toString(),
             u"two\nlines\r\nand CRLF"_s);
}

void tst_TableIo::roundTrip_data()
{
    QTest::addColumn<orm::ExportFormat>("format");
    QTest::newRow("csv") << orm::ExportFormat::Csv;
    QTest::newRow("json") << orm::ExportFormat::Json;
}

void tst_TableIo::roundTrip()
{
    QFETCH(orm::ExportFormat, format);
    // Given a table exported,
    orm::ExportOptions options;
    options.format = format;
    const QByteArray file = exported(*m_connection, sampleTable(u"source"_s), options);
    // when it is imported into an empty table of the same columns,
    QVERIFY(create(*m_connection, sampleTable(u"target"_s)));
    orm::ImportOptions importOptions;
    importOptions.format =
        format == orm::ExportFormat::Json ? orm::ImportFormat::Json : orm::ImportFormat::Csv;
    QBuffer in;
    in.setData(file);
    in.open(QIODevice::ReadOnly);
    orm::TableImporter importer(*m_connection, importOptions);
    ORM_VERIFY(importer.importFile(u"target"_s, &in), importer);
    QCOMPARE(importer.rowsImported(), 10);
    QVERIFY(!importer.createdTable());
    // then every value is stored as it was: text, NULL, integers, reals and bytes.
    compareRows(rowsOf(*m_connection, u"target"_s), rowsOf(*m_connection, u"source"_s));
}

void tst_TableIo::sqlStatementsWriteTheRowsAgain()
{
    orm::ExportOptions options;
    options.format = orm::ExportFormat::Sql;
    const QString sql =
        QString::fromUtf8(exported(*m_connection, sampleTable(u"source"_s), options));
    QVERIFY(sql.startsWith(u"INSERT INTO \"source\" (\"id\", \"label\", \"amount\", \"ratio\", "
                           u"\"data\") VALUES (1, 'plain', 0, 0.1, "_s));
    // Each statement ends a line with ");": run them against an emptied table.
    const QList<QVariantList> before = rowsOf(*m_connection, u"source"_s);
    QVERIFY(m_connection->exec(u"DELETE FROM \"source\""_s));
    const QStringList statements = sql.split(u");\n"_s, Qt::SkipEmptyParts);
    QCOMPARE(statements.size(), 10);
    for (const QString &statement : statements)
        QVERIFY2(m_connection->exec(statement + u')'),
                 qPrintable(m_connection->lastError().text() + u": "_s + statement));
    compareRows(rowsOf(*m_connection, u"source"_s), before);
}

void tst_TableIo::invalidUtf8TextIsHexWithAMarker()
{
    if (testengine::onServer)
        QSKIP("A server's text is always valid UTF-8.");
    // Given text whose bytes are not UTF-8,
    const orm::TextBytes bytes(QByteArray("caf\xe9", 4));
    QVERIFY(m_connection->exec(u"UPDATE source SET label = ? WHERE id = 1"_s,
                               {QVariant::fromValue(bytes)}));
    for (auto format : {orm::ExportFormat::Csv, orm::ExportFormat::Json}) {
        orm::ExportOptions options;
        options.format = format;
        // when it is exported, it is the marker and its bytes in hex,
        const QByteArray file = exported(*m_connection, sampleTable(u"source"_s), options);
        QVERIFY2(file.contains(format == orm::ExportFormat::Csv ? "1,\\x636166e9,"
                                                                : "\"\\\\x636166e9\""),
                 file.left(200).constData());
        // and an import gives the same bytes back.
        QVERIFY(m_connection->exec(u"DROP TABLE IF EXISTS target"_s));
        QVERIFY(create(*m_connection, sampleTable(u"target"_s)));
        orm::ImportOptions importOptions;
        importOptions.format =
            format == orm::ExportFormat::Json ? orm::ImportFormat::Json : orm::ImportFormat::Csv;
        QBuffer in;
        in.setData(file);
        in.open(QIODevice::ReadOnly);
        orm::TableImporter importer(*m_connection, importOptions);
        ORM_VERIFY(importer.importFile(u"target"_s, &in), importer);
        compareRows(rowsOf(*m_connection, u"target"_s), rowsOf(*m_connection, u"source"_s));
    }
    // SQL keeps them as text of those bytes.
    orm::ExportOptions options;
    options.format = orm::ExportFormat::Sql;
    QVERIFY(exported(*m_connection, sampleTable(u"source"_s), options)
                .contains("VALUES (1, CAST(X'636166e9' AS TEXT), "));
}

void tst_TableIo::separatorNullTextAndEncoding()
{
    // Given a semicolon, NULL written as \N, and UTF-16 with a byte order mark,
    orm::ExportOptions options;
    options.separator = u';';
    options.nullText = u"\\N"_s;
    options.encoding = QStringConverter::Utf16LE;
    options.byteOrderMark = true;
    const QByteArray file = exported(*m_connection, sampleTable(u"source"_s), options);
    QVERIFY(file.startsWith("\xff\xfe"));
    const QString text = QStringDecoder(QStringConverter::Utf16LE).decode(file);
    QVERIFY2(text.contains(u"\r\n8;\\N;\\N;\\N;\\N\r\n"_s), qPrintable(text));
    QVERIFY(text.contains(u"\r\n2;comma, inside;"_s));
    // the same options read it back.
    QVERIFY(create(*m_connection, sampleTable(u"target"_s)));
    orm::ImportOptions importOptions;
    importOptions.separator = u';';
    importOptions.nullText = u"\\N"_s;
    importOptions.encoding = QStringConverter::Utf16LE;
    QBuffer in;
    in.setData(file);
    in.open(QIODevice::ReadOnly);
    orm::TableImporter importer(*m_connection, importOptions);
    ORM_VERIFY(importer.importFile(u"target"_s, &in), importer);
    compareRows(rowsOf(*m_connection, u"target"_s), rowsOf(*m_connection, u"source"_s));
}

void tst_TableIo::exportCanBeCancelled()
{
    // Given an export that reports progress every 3 rows, when the second report cancels,
    orm::ExportOptions options;
    options.progressInterval = 3;
    orm::TableExporter exporter(*m_connection, options);
    QList<qint64> reports;
    exporter.setProgress([&reports](qint64 rows) {
        reports << rows;
        return reports.size() < 2;
    });
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    // then it stops there, and says it was cancelled.
    QVERIFY(!exporter.exportTable(sampleTable(u"source"_s), &buffer));
    QCOMPARE(exporter.lastError().kind(), orm::Error::Kind::Cancelled);
    QCOMPARE(reports, (QList<qint64> {3, 6}));
    QCOMPARE(exporter.rowsWritten(), 6);
    // The connection is free for the next statement.
    QCOMPARE(rowsOf(*m_connection, u"source"_s).size(), 10);
}

void tst_TableIo::importCreatesATableWithDetectedTypes()
{
    // Given a CSV file for a table that does not exist,
    QBuffer in;
    in.setData("name,age,score,big,flag\r\n"
               "ann,31,1.5,1,\r\n"
               "bob,,2,9000000000,\r\n"
               "\"c, d\",7,-0.25,3,\r\n");
    in.open(QIODevice::ReadOnly);
    orm::TableImporter importer(*m_connection);
    // when it is imported, the table is made with the types of its values,
    ORM_VERIFY(importer.importFile(u"people"_s, &in), importer);
    QVERIFY(importer.createdTable());
    QCOMPARE(importer.rowsImported(), 3);
    const auto meta = m_connection->reflect();
    QVERIFY(meta);
    const orm::Table *people = meta->table(u"people"_s);
    QVERIFY(people);
    QCOMPARE(people->column(u"name"_s)->type.type, orm::ColumnType::Text);
    QCOMPARE(people->column(u"age"_s)->type.type, orm::ColumnType::Integer);
    QCOMPARE(people->column(u"score"_s)->type.type, orm::ColumnType::Float);
    QCOMPARE(people->column(u"big"_s)->type.type, orm::ColumnType::BigInteger);
    QCOMPARE(people->column(u"flag"_s)->type.type, orm::ColumnType::Text);
    // and the values are stored as numbers, the empty field as NULL.
    compareRows(rowsOf(*m_connection, u"people"_s),
                {{u"ann"_s, qint64(31), 1.5, qint64(1), QVariant()},
                 {u"bob"_s, QVariant(), 2.0, qint64(9000000000), QVariant()},
                 {u"c, d"_s, qint64(7), -0.25, qint64(3), QVariant()}});
}

void tst_TableIo::importRefusesBadRowsAndWritesNothing()
{
    // Given a table whose label may not be NULL and a file with two bad rows among good ones,
    orm::Table strict = sampleTable(u"strict"_s);
    strict.columns()[1].nullable = false;
    QVERIFY(create(*m_connection, strict));
    QBuffer in;
    in.setData("id,label,amount,ratio,data\n"
               "1,one,1,1.0,00\n"
               "2,two,lots,1.0,00\n"
               "3,three,3,3.0,00\n"
               "4,,4,4.0,zz\n"
               "5,five,5,5.0,00\n");
    in.open(QIODevice::ReadOnly);
    orm::TableImporter importer(*m_connection);
    // when it is imported, nothing is written,
    QVERIFY(!importer.importFile(u"strict"_s, &in));
    QCOMPARE(importer.lastError().kind(), orm::Error::Kind::Validation);
    QCOMPARE(rowsOf(*m_connection, u"strict"_s).size(), 0);
    QCOMPARE(importer.rowsImported(), 0);
    // and each bad value is reported with its row, line and column.
    QCOMPARE(importer.problems().size(), 3);
    QCOMPARE(importer.problems().at(0).text(),
             u"row 2 (line 3), column amount: \"lots\" is not a valid BigInteger"_s);
    QCOMPARE(importer.problems().at(1).row, 4);
    QCOMPARE(importer.problems().at(1).column, u"label"_s);
    QCOMPARE(importer.problems().at(2).column, u"data"_s);
    QVERIFY(!m_connection->inTransaction());
}

void tst_TableIo::importReportsTheRowTheDatabaseRefuses()
{
    // Given rows that fit the columns but repeat a key,
    QBuffer in;
    in.setData("id,label\n20,a\n21,b\n20,c\n");
    in.open(QIODevice::ReadOnly);
    orm::TableImporter importer(*m_connection);
    // the import fails on the third row and writes none of them.
    QVERIFY(!importer.importFile(u"source"_s, &in));
    QCOMPARE(importer.lastError().kind(), orm::Error::Kind::Constraint);
    QCOMPARE(importer.problems().size(), 1);
    QCOMPARE(importer.problems().at(0).row, 3);
    QCOMPARE(importer.problems().at(0).line, 4);
    QCOMPARE(rowsOf(*m_connection, u"source"_s).size(), 10);
    QVERIFY(!m_connection->inTransaction());
}

void tst_TableIo::importMapsColumnsAndSkipsOthers()
{
    // Given a file whose columns have other names, and one column to leave out,
    QBuffer in;
    in.setData("key,comment,title\n30,ignored,thirty\n");
    in.open(QIODevice::ReadOnly);
    orm::ImportOptions options;
    options.columnMapping = {u"id"_s, QString(), u"label"_s};
    orm::TableImporter importer(*m_connection, options);
    ORM_VERIFY(importer.importFile(u"source"_s, &in), importer);
    const auto row = m_connection->select(u"SELECT label, amount FROM source WHERE id = 30"_s);
    QVERIFY(row && row->size() == 1);
    QCOMPARE(row->first().at(0).toString(), u"thirty"_s);
    QVERIFY(row->first().at(1).isNull());
}

void tst_TableIo::jsonImportKeepsTheFirstObjectsKeyOrder()
{
    // Given JSON whose first object names the columns, a later one leaving a key out, and
    // values of every JSON kind,
    QBuffer in;
    in.setData(R"([ {"zeta": 1, "alpha": "a \"q\" \u00e9\ud83d\ude00", "flag": true, "n": 2.5e3},
                    {"alpha": null, "zeta": -9223372036854775808, "n": [1, {"x": "]"}]} ])");
    in.open(QIODevice::ReadOnly);
    orm::ImportOptions options;
    options.format = orm::ImportFormat::Json;
    orm::TableImporter importer(*m_connection, options);
    // when it goes to a new table, the columns are in the first object's order,
    ORM_VERIFY(importer.importFile(u"fromjson"_s, &in), importer);
    const auto meta = m_connection->reflect();
    QVERIFY(meta && meta->table(u"fromjson"_s));
    QStringList names;
    for (const orm::Column &c : meta->table(u"fromjson"_s)->columns())
        names << c.name;
    QCOMPARE(names, (QStringList {u"zeta"_s, u"alpha"_s, u"flag"_s, u"n"_s}));
    QCOMPARE(meta->table(u"fromjson"_s)->column(u"zeta"_s)->type.type, orm::ColumnType::BigInteger);
    // a missing key is NULL, and a nested value is its JSON text.
    const auto rows = m_connection->select(u"SELECT zeta, alpha, n FROM fromjson ORDER BY 1"_s);
    QVERIFY(rows && rows->size() == 2);
    QCOMPARE(rows->at(0).at(0).toLongLong(), std::numeric_limits<qint64>::min());
    QVERIFY(rows->at(0).at(1).isNull());
    QCOMPARE(rows->at(0).at(2).toString(), u"[1, {\"x\": \"]\"}]"_s);
    QCOMPARE(rows->at(1).at(1).toString(), u"a \"q\" é😀"_s);
    // A key the first object does not have is refused, with its row; nothing is written.
    QBuffer other;
    other.setData(R"([{"zeta": 5}, {"zeta": 6, "extra": 1}])");
    other.open(QIODevice::ReadOnly);
    orm::TableImporter refused(*m_connection, options);
    QVERIFY(!refused.importFile(u"fromjson"_s, &other));
    QVERIFY2(refused.lastError().message().contains(u"Row 2 (line 1) has the key extra"_s),
             qPrintable(refused.lastError().message()));
    QCOMPARE(m_connection->select(u"SELECT * FROM fromjson"_s)->size(), 2);
}

void tst_TableIo::cellsWithoutAHeaderReadAsTheyWereWritten()
{
    // Given rows of values as stored, written as tab-separated records (the clipboard),
    orm::ExportOptions tsv;
    tsv.separator = u'\t';
    const QList<QVariantList> rows {
        {qint64(-9223372036854775807LL - 1), 0.1, u"tab\there \"q\"\nline"_s},
        {QVariant(), u""_s, QByteArray("\x00\xff", 2)},
        {QVariant::fromValue(orm::TextBytes(QByteArray("\xc3(", 2))), u"=1+1"_s, 2.5},
    };
    QString text;
    for (const QVariantList &row : rows)
        text += orm::TableExporter::csvRecord(row, tsv) + u"\r\n"_s;
    QCOMPARE(orm::TableExporter::csvRecord(rows.at(1), tsv), u"\t\"\"\t00ff"_s);
    // with a column of one empty cell between them, and no end of line after the last,
    text += u"\r\nlast"_s;

    // every record is a row, of its own length, and an empty line a row of one empty cell.
    QByteArray bytes = text.toUtf8();
    QBuffer in(&bytes);
    QVERIFY(in.open(QIODevice::ReadOnly));
    orm::ImportOptions options;
    options.separator = u'\t';
    options.header = false;
    orm::RecordReader reader(&in, options);
    QVERIFY(reader.open());
    QList<QVariantList> read;
    QVariantList values;
    while (reader.next(&values))
        read << values;
    QVERIFY2(reader.error().isEmpty(), qPrintable(reader.error()));
    QCOMPARE(read.size(), 5);
    QCOMPARE(read.at(0),
             (QVariantList {u"-9223372036854775808"_s, u"0.1"_s, u"tab\there \"q\"\nline"_s}));
    QVERIFY(read.at(1).at(0).isNull());
    QCOMPARE(read.at(1).at(1).toString(), u""_s);
    QVERIFY(!read.at(1).at(1).isNull());
    QCOMPARE(read.at(1).at(2).toString(), u"00ff"_s);
    QCOMPARE(read.at(2).at(0).toString(), u"\\xc328"_s);
    QCOMPARE(read.at(3).size(), 1);
    QVERIFY(read.at(3).at(0).isNull());
    QCOMPARE(read.at(4), (QVariantList {u"last"_s}));

    // A column whose last cell is empty: the line end of the last row, then an empty line.
    for (const QByteArray &column : {QByteArray("x\n\n"), QByteArray("x\r\n\r\n")}) {
        QBuffer cells;
        cells.setData(column);
        QVERIFY(cells.open(QIODevice::ReadOnly));
        orm::RecordReader columnReader(&cells, options);
        QVERIFY(columnReader.open());
        QList<QVariantList> rows;
        while (columnReader.next(&values))
            rows << values;
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows.at(0), (QVariantList {u"x"_s}));
        QVERIFY(rows.at(1).at(0).isNull());
    }
}

bool tst_TableIo::importCsv(const QString &table, const QByteArray &csv,
                            orm::TableImporter *importer)
{
    QBuffer in;
    in.setData(csv);
    in.open(QIODevice::ReadOnly);
    return importer->importFile(table, &in);
}

void tst_TableIo::serverDecimalsAndInfinitiesArriveExactly()
{
    orm::TableImporter importer(*m_connection);
    if (!testengine::onServer) {
        // SQLite has no infinite date-time: the import says so.
        QVERIFY(m_connection->exec(u"CREATE TABLE events (id INTEGER PRIMARY KEY, at DATETIME)"_s));
        QVERIFY(!importCsv(u"events"_s, "id,at\n1,infinity\n", &importer));
        QCOMPARE(importer.problems().value(0).text(),
                 u"row 1 (line 2), column at: \"infinity\": an SQLite date or date-time "
                 "cannot be infinite"_s);
        return;
    }
    // Given a server's unconstrained and constrained NUMERIC columns and timestamps,
    QVERIFY(m_connection->exec(u"CREATE TABLE money (id INTEGER PRIMARY KEY, c NUMERIC, "
                               "d NUMERIC(30, 10), at TIMESTAMPTZ, day DATE)"_s));
    // every digit of a decimal arrives, and infinities too,
    ORM_VERIFY(importCsv(u"money"_s,
                         "id,c,d,at,day\n"
                         "1,3.14159265358979323846,1234567890123.45,infinity,-infinity\n"
                         "2,123456789012345678901234567890,12345678901234567890.0123456789,"
                         "-infinity,infinity\n",
                         &importer),
               importer);
    const auto rows = m_connection->select(
        u"SELECT c::text, d::text, at::text, day::text FROM money ORDER BY id"_s);
    QVERIFY(rows);
    QCOMPARE(rows->value(0),
             (QVariantList {u"3.14159265358979323846"_s, u"1234567890123.4500000000"_s,
                            u"infinity"_s, u"-infinity"_s}));
    QCOMPARE(rows->value(1),
             (QVariantList {u"123456789012345678901234567890"_s,
                            u"12345678901234567890.0123456789"_s, u"-infinity"_s, u"infinity"_s}));
    // and one that does not fit its column is refused, saying why.
    QVERIFY(!importCsv(u"money"_s, "id,d\n3,1.12345678901\n4,123456789012345678901\n", &importer));
    QCOMPARE(importer.problems().size(), 2);
    QCOMPARE(importer.problems().at(0).message,
             u"\"1.12345678901\" has more than 10 digits after the point"_s);
    QCOMPARE(importer.problems().at(1).message,
             u"\"123456789012345678901\" has more than 20 digits before the point"_s);
}

void tst_TableIo::textLikeTheMarkerStaysText()
{
    // Given text that begins as the marker for bytes does, and (on SQLite) the bytes that
    // marker stands for,
    QVERIFY(m_connection->exec(u"DELETE FROM source"_s));
    QList<QVariantList> values {{qint64(1), u"\\xff"_s},
                                {qint64(2), u"\\x"_s},
                                {qint64(3), u"\\\\xff"_s},
                                {qint64(4), u"\\\\abc"_s},
                                {qint64(5), u"\\xzz"_s}};
    if (!testengine::onServer)
        values.append({qint64(6), QVariant::fromValue(orm::TextBytes(QByteArray("\xff")))});
    for (const QVariantList &row : std::as_const(values))
        QVERIFY(m_connection->exec(u"INSERT INTO source (id, label) VALUES (?, ?)"_s, row));
    const QList<QVariantList> before = rowsOf(*m_connection, u"source"_s);
    for (auto format : {orm::ExportFormat::Csv, orm::ExportFormat::Json}) {
        orm::ExportOptions options;
        options.format = format;
        // when it is exported and imported again, each is what it was: text stays text.
        const QByteArray file = exported(*m_connection, sampleTable(u"source"_s), options);
        QVERIFY(m_connection->exec(u"DROP TABLE IF EXISTS target"_s));
        QVERIFY(create(*m_connection, sampleTable(u"target"_s)));
        orm::ImportOptions importOptions;
        importOptions.format =
            format == orm::ExportFormat::Json ? orm::ImportFormat::Json : orm::ImportFormat::Csv;
        orm::TableImporter importer(*m_connection, importOptions);
        QBuffer in;
        in.setData(file);
        in.open(QIODevice::ReadOnly);
        ORM_VERIFY(importer.importFile(u"target"_s, &in), importer);
        compareRows(rowsOf(*m_connection, u"target"_s), before);
    }
    // Copied cells are the same CSV text, and paste the same way.
    orm::Column label;
    label.name = u"label"_s;
    label.type = orm::Text;
    for (const QVariantList &row : std::as_const(values)) {
        const QString cell = orm::TableExporter::csvRecord({row.at(1)}, orm::ExportOptions());
        QVariant stored;
        QString problem;
        QVERIFY(
            orm::TableImporter::toStored(cell, label, orm::ImportFormat::Csv, &stored, &problem));
        QVERIFY2(orm::storage::isSameStored(stored, row.at(1)), qPrintable(cell));
    }
}

QTEST_GUILESS_MAIN(tst_TableIo)
#include "tst_tableio.moc"
