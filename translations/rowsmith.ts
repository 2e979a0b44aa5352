<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" sourcelanguage="en">
<context>
    <name>blog</name>
    <message>
        <source>Users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Username</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Posts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Groups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Following</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Followers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profiles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Display name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Website</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Body</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Posted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Author</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reply to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Members</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>The rows cannot be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Shown %1: %2, %n row(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Shown %1: no tables</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start-up check: open the database, show its first rows, then quit. Exits with 0 when the rows were shown; otherwise prints why on stderr and exits with 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[database]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo database cannot be created: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unexpected argument: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The SQLite file, or the PostgreSQL URL (postgresql://user@host/database), to open (default: the demo database).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The window opens SQLite database files and PostgreSQL databases: %1 is neither.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a command: write rowsmith %1 … (without options before it), or ./%1 for a file of that name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: no such database file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be opened: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV: the field separator (default: ,).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>character</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV: the text of NULL (default: an empty unquoted field).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writes every row of a table as CSV, JSON or SQL INSERT statements, to standard output or a file. Nothing in the database changes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>csv, json or sql (default: the output file&apos;s extension, else csv).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file to write (default: standard output).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The SQLite file or PostgreSQL URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The table (or view) to export.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>export needs a database and a table.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown format %1: csv, json or sql.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The separator is one character, not a quote or a line break.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no table %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be written: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Standard output cannot be written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reads a CSV or JSON file into a table, all or nothing: every row is checked against the table&apos;s columns, and when one does not fit, nothing is written and the first bad rows are listed. A table that does not exist is created with the types of the file&apos;s values.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>csv or json (default: the file&apos;s extension, else csv).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The table to fill (created when missing).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CSV or JSON file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>import needs a database, a table and a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown format %1: csv or json.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was imported: the rows above do not fit %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Created %1 and imported %n row(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Imported %n row(s) into %1.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>SQL: a script that makes the table again, as the sqlite3 shell&apos;s .dump: CREATE TABLE and its indexes, the INSERTs, its triggers, in one transaction.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--dump writes SQL, not %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse and edit SQLite and PostgreSQL databases: follow relationships, stage edits, commit or discard.

Commands, instead of a database:
  rowsmith db COMMAND  migrations of the blog&apos;s models (rowsmith db --help)
  rowsmith export DATABASE TABLE [--format csv|json|sql] [-o FILE]
  rowsmith import DATABASE TABLE FILE  CSV or JSON, all or nothing
A file named like a command opens as ./db.

Qt&apos;s own options (-platform, -style, -qwindowgeometry, -qwindowtitle, -reverse, …) are passed to Qt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missing value after &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no schema %2 (its schemas: %3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no table %2 in the schema %3; a table of another schema is named schema.table (its schemas: %4).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>orm</name>
    <message>
        <source>required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a valid %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at most %1 characters (this is %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a valid e-mail address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must not be empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos;, starting with a letter or digit</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>at least %n character(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>at most %n character(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>must be between %1 and %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>more than %1 significant digits: SQLite would round it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 digit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a whole number: no digits after the point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at most %1 after the point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at most %1 before the point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;t&apos; / &apos;f&apos; text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;true&apos; / &apos;false&apos; text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;Y&apos; / &apos;N&apos; text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epoch seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epoch milliseconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ISO 8601 text (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epoch seconds with a fraction (REAL)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>finer than the whole seconds this column keeps (epoch seconds): it would be cut to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>finer than the milliseconds this column keeps (epoch milliseconds): it would be cut to %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>orm::RecordReader</name>
    <message>
        <source>The file is not open for reading.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The separator cannot be a quote or a line break.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is empty: a CSV file starts with a row of column names.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Column %1 of the header has no name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The header names %1 twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line %1 is not valid in the file&apos;s encoding (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line %1: a quoted field is not closed before the end of the file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line %1: a quoted field is followed by %2 instead of a separator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Row %1 (line %2) has %3 fields; the header has %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The JSON is not an array of objects: %1 on line %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file ends early</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 where %2 belongs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a string is not closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a \u escape without four hex digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the escape \%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the value %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 where , or } belongs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The first object of the JSON has the key %1 twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 where , or ] belongs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Row %1 (line %2) has the key %3, which the first row does not have.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>orm::TableExporter</name>
    <message>
        <source>The output is not open for writing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The separator is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The output cannot be written: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The export was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The statement gives no rows to export.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>orm::TableImporter</name>
    <message>
        <source>row %1 (line %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>row %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, column %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty, and the column takes no NULL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not base64</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not hex digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is longer than %2 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a valid %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a view: rows go into tables.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file cannot be read a second time (a new table&apos;s types are detected in a first pass): read it from a file, not a pipe.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file has no columns to import.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The table %1 has no column %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two columns of the file go to the column %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No column of the file goes to the table.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The import was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) do not fit the table: nothing was imported.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>The database already has a table %1: choose it to import into it, or another name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has more than %2 digits after the point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has more than %2 digits before the point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: an SQLite date or date-time cannot be infinite</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::BackgroundReader</name>
    <message>
        <source>The rows could not be counted</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::BreadcrumbBar</name>
    <message>
        <source>Places visited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go back to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current place: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::ColumnFilter</name>
    <message>
        <source>write a range as low..high</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a whole number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes or no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>text after the closing quote (write \&quot; for a quote inside)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>close the quote (write \&quot; for a quote inside)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a NUL character cannot be searched for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>too long to search for (at most %1 bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>text: contains it (numbers: equal to it; dates: start with it)
=v  !=v  &lt;v  &lt;=v  &gt;v  &gt;=v: compared with v
low..high: between low and high
NULL, !NULL: empty, not empty
&quot;text&quot;: the text as written, even &quot;=abc&quot; or &quot;NULL&quot; (\&quot; for a quote inside)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>write a date as YYYY-MM-DD, or its start (2024-05)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::ConflictView</name>
    <message>
        <source>Changed by Another Program</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Theirs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fields in conflict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep All Mine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write my values over theirs at the next commit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take All Theirs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop my values where they changed it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commit again once every field is resolved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep all my changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take all their changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (marked for deletion)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a new value to write it over theirs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep Mine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take Theirs</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Another program changed %n field(s) you have edited. Nothing was written. Choose, for each field, the value to keep; each choice can be undone.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Every conflict is resolved: commit to write your changes.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::ConnectDialog</name>
    <message>
        <source>Connect to Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A host name, an address, or the folder of a Unix socket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asked when needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prefer (encrypted if the server offers it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Require (encrypted, server not verified)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verify CA (encrypted, certificate checked)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verify full (certificate and host name checked)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disable (never encrypted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;SSL mode:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server could not be reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected: PostgreSQL %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::Document</name>
    <message>
        <source>The file %1 does not exist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file %1 cannot be replaced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep my changes to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take their %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix the highlighted fields before committing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The commit was cancelled: nothing was written</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::EntityBrowser</name>
    <message>
        <source>Quick search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search the text columns (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>counting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search %1 by the start of %2…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A large table: the search finds rows whose %1 starts with the text, through their indexes (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln row(s) match</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln row(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Writing its rows fires %n trigger(s) of the file: %1</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop counting and reading the rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>≈ %1 rows, not counted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>≈ %1 rows, counting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not counted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The count was cancelled. View &gt; Reload counts again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An estimate from the server&apos;s statistics (as of the table&apos;s last VACUUM or ANALYZE): the count was cancelled. View &gt; Reload counts again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An estimate from the server&apos;s statistics (as of the table&apos;s last VACUUM or ANALYZE), shown until the rows are counted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>View &gt; Reload reads the table again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The rows could not be counted: %1
View &gt; Reload counts again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::EntityCatalog</name>
    <message>
        <source>New %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::EntityListModel</name>
    <message>
        <source>%1: counting rows…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1: %n row(s) in the database</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new, not committed yet</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n to be deleted on commit</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>counting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read-only: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, read-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln row(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, with triggers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Triggers: they run whenever rows are written, by Rowsmith too, and may write elsewhere.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot run: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: not counted. View &gt; Reload counts again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>≈ %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: about %2 rows (the server&apos;s estimate), counting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept by frameworks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tables that web frameworks and migration tools keep for themselves (migrations applied, content types, sessions): read-only unless unlocked from the table&apos;s context menu</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::EntityTableModel</name>
    <message>
        <source>new</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>primary key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unique</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refers to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Row %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New, not valid yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Modified, not valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Modified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted when you commit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading these rows…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not read: another program held the file locked. View &gt; Reload reads these rows again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another program changed this field since you edited it: commit to choose which value to keep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not read: the reading was cancelled. View &gt; Reload reads these rows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>computed as %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::EntityTableView</name>
    <message>
        <source>Position in the table</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::ErDiagramScene</name>
    <message>
        <source>One-to-one: each %1 row has at most one %2 row (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One-to-many: each %1 row has any number of %2 rows (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Many-to-many between %1 and %2, through %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Many-to-many between %1 and %2, through %3: inferred from the names of the table and its columns, which no foreign key declares</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::ErDiagramView</name>
    <message>
        <source>Double-click a table to open it; drag to move around; Ctrl+wheel zooms</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::ErDiagramWindow</name>
    <message>
        <source>Entity-Relationship Diagram</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diagram</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom In</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the diagram larger</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom Out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show more of the diagram</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit to Window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the whole diagram</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Actual Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the diagram at its natural size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find a table…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type part of a table&apos;s name; Enter goes to the next match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find a Table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find a table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export SVG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the whole diagram as an SVG drawing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the whole diagram as a PNG image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n table(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n relationship(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Double-click a table to open it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entity-Relationship Diagram — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No table&apos;s name contains “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: match %2 of %3 (Enter: next)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 opened in the main window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 links rows of other tables: its links are shown in their relationships</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The drawing cannot be made</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be written: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The diagram is too large for an image of %1 × %2 pixels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>diagram</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Diagram as SVG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Diagram as PNG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SVG drawing (*.svg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::ErTableItem</name>
    <message>
        <source>Double-click to open it in the main window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its rows are the links between the tables it joins; they are shown in those tables&apos; relationships.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>association table (many-to-many)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n trigger(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>read-only</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::ExportDialog</name>
    <message>
        <source>Export %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The whole table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The rows as shown (filtered and sorted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV (comma-separated values)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON (an array of objects)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SQL (INSERT statements)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comma</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Semicolon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vertical bar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Separator:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A first row of column names</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an empty field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;NULL as:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UTF-8</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UTF-8 with byte order mark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UTF-16</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latin-1 (ISO 8859-1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Encoding:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV file (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON file (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SQL script (*.sql)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 rows written…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The export was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot export %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With the table&apos;s definition (CREATE TABLE, indexes, triggers), in one transaction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A script that makes the table again, as the sqlite3 shell&apos;s .dump writes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the Query&apos;s Rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The rows of the query</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::FieldEditor</name>
    <message>
        <source>Default (set on commit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None — type to search %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose — type to search %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>assigned on commit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1. Type a %2 value to replace it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2 image, %3 × %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, microseconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Microseconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stored with this UTC offset, which is kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not set (required)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::FilterHeader</name>
    <message>
        <source>Filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter %1:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::ImportDialog</name>
    <message>
        <source>(skip)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2) →</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each column of the file goes to the column of %1 chosen here:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NULL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file cannot be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a column of the table for at least one column of the file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was imported: these rows do not fit %1.
%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Import %n row(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1 rows read…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing into %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (the table shown)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new table, named:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Into:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comma ( , )</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Semicolon ( ; )</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bar ( | )</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UTF-8</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UTF-16</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ISO 8859-1 (Latin-1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This system&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an empty field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A field of this text, unquoted, is NULL, as is an empty field; a quoted empty field is empty text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Encoding:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;NULL is:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Separator:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new table gets the file&apos;s columns, each with the type detected from its values:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name the new table.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database already has a table %1: choose it to import into it, or another name.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::Int64SpinBox</name>
    <message>
        <source>NULL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>required</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::IntegrityDialog</name>
    <message>
        <source>Check Integrity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening the file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking %1 and its indexes…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the foreign keys of %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the file&apos;s pages…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(the file)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Double-click to show the row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rowid %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 refers to a row of %2 that does not exist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The check could not run: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Cancelled: %n problem(s) found so far.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>No problems found: the file&apos;s pages, indexes and foreign keys are sound.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) found. Double-click one with a row to show it.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ui::LockWaitBar</name>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop waiting (Esc while a commit waits): a commit that waits is not written, and rows not read yet are read again by View &gt; Reload</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::LockWaiter</name>
    <message>
        <source>Waiting: another program is writing to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting: the SQL Console&apos;s open transaction is writing to %1 (commit or roll it back there)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling the commit: waiting for %1 to answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Committing: waiting for %1 to answer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::MainWindow</name>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tables</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New Database…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a new, empty database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open Database…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New &amp;Record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a row to the current table (staged until you commit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete Record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark the selected rows for deletion (staged until you commit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Commit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write every staged change to the database, in one transaction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search the current table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go back to the previous place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Forward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go forward again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;load</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Rowsmith</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Label Rows By</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the column that names the current table&apos;s rows wherever they are shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (default)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No column to choose from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending Changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SQL Log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This database has no tables Rowsmith knows how to show.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Rowsmith</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Rowsmith %1&lt;/h3&gt;&lt;p&gt;A desktop data browser and editor for SQLite databases: browse tables, follow relationships, edit rows in a validated form, see every staged change, then commit or discard.&lt;/p&gt;&lt;p&gt;Built with Qt %2 on its own ORM.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No recent files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Clear the List</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New %1 staged: fill it in, then commit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be deleted: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete %1 %2?</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Delete %n record(s)?</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>This also deletes %1. Nothing is written until you commit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, </source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Marked %n record(s) for deletion: commit to apply</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Committed %n change(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>The database refused the commit; nothing was written and every change is kept. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1[*] — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No pending changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n pending change(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n to fix</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Fix the highlighted fields before committing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commit the staged changes (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ne&amp;xt Pane</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next pane</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move the keyboard focus to the next pane</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pre&amp;vious Pane</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous pane</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move the keyboard focus to the previous pane</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to &amp;Pending Changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to SQL &amp;Log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SQL log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why Nothing Is Committed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was committed: %1: %2. Fix the highlighted fields, then commit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Discard Changes…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop every staged change (Undo brings them back)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Discarded %n change(s): Undo brings them back</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Read the current table, the row counts and the form again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check &amp;Integrity…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Let SQLite check the file&apos;s pages, indexes and foreign keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commit cancelled: nothing was written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another program changed fields you have edited; they are marked. Commit to choose which values to keep.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another program changed the tables: read again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The row %1 of %2 cannot be shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another program changed what you edited; nothing was written and every change is kept. Choose which values to keep.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 %1 still refers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2 still refer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be deleted: %2 to it. Delete or relink %3 first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be deleted: it would delete %2 %3, to which %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another program changed the tables of this file, and it cannot be read again: %1. Your changes are kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another program changed the tables of this file. These staged changes no longer fit them and were dropped: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another program changed the tables: read again, your staged changes kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entity-Relationship &amp;Diagram…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diagram</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draw the tables of the open database and the relationships between them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schema</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server database&apos;s schema whose tables are listed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open an SQLite database file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to &amp;Server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a PostgreSQL database on a server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused the password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, schema %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A server database checks its own pages and constraints: the check is for SQLite files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reopen Reflected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit &amp;Schema…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create, change and drop tables, columns, indexes and constraints</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n schema change(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Edit Schema of %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The data changes wait for another program: commit the schema changes once they are written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The schema changes were not committed: %1 They are still staged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was changed: the schema changes are still staged</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Committed %n schema change(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>The schema changes were committed, but the file cannot be read again: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The application&apos;s typed models do not know these schema changes: reopen the file reflected to see its tables as they are now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The application&apos;s typed models no longer match this file&apos;s tables: it is shown reflected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file cannot be opened reflected: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened reflected: the tables as the file has them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as Migration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SQL migration (*.sql);;Alembic revision (*.py)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot save the migration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved the schema changes as %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the shown table&apos;s rows to a CSV, JSON or SQL file</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Exported %n row(s) to %1</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the rows of a CSV or JSON file into the shown table</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Staged %n imported row(s): commit to write them</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Imported %n row(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Show &amp;Link Tables</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link Tables</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List the tables that hold many-to-many links, which are otherwise edited from the tables they link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock %1 for Editing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 keeps this table for itself: edit it only if you know what %1 expects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 can be edited: %2 keeps it for itself, so edit it with care.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is read-only again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I&amp;mport…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import into %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV or JSON files (*.csv *.tsv *.txt *.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The schema changes wait for a read of the file to end…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the current cell, or the selected rows, as tab-separated text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy Rows with &amp;Headers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the selected rows, after a row of column names</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste tab-separated cells at the current cell (staged until you commit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste as &amp;New Rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste as new rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a row for every row of tab-separated cells on the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Copied %n row(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Copied the cell</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a table to import %1 into, then drop it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is read-only: %2 cannot be imported into it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A database in memory cannot be imported into.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The application&apos;s typed models do not know the new table %1: reopen the file reflected to see it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to SQL &amp;Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SQL console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run SQL statements on a connection of their own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SQL Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The console&apos;s transaction cannot be committed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commit cancelled: nothing was written and every change is kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The commit did not reach its end; every change is kept. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was committed: no staged change was left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another program already deleted or unlinked what you changed; nothing was written and every change is kept. %1. Undo or revert that change, then commit again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::PendingChangesModel</name>
    <message>
        <source>New %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2: add %3 to %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2: remove %3 from %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Committed value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Staged value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another program changed %1 to %2 since you edited it: commit to choose which value to keep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (new)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::PendingChangesView</name>
    <message>
        <source>Revert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put the selected change or field back to its committed value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revert the selected change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SQL that Commit will run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No pending changes: edits are staged here until you commit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n pending change(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n to fix before committing</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Show &amp;values</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the values Commit binds to each statement&apos;s parameters, highlighted; off, the parameters show as ?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;key of the new %1 %2&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 &lt;set at commit&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n schema change(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n data change(s) to commit or discard first</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ui::Prompts</name>
    <message>
        <source>SQLite databases (*.db *.sqlite *.sqlite3 *.db3);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commit the changes to %1?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New Database</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n staged change(s), not written yet.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Commit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;ancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Discard %n staged change(s)?</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Do&amp;n&apos;t ask again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo (%1) brings everything back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password for %1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Commit or discard %n staged data change(s) first?</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Schema changes are committed on their own, never together with edits of rows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Commit Them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Discard Them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These schema changes lose data. Commit them anyway?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Commit and Lose It</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commit what the SQL console wrote to %1?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The console&apos;s transaction is open: its statements are not written yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Roll Back</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::ReadWorker</name>
    <message>
        <source>The database could not be opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::RecordForm</name>
    <message>
        <source>Record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep this record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>* required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a row to see and edit it here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unique</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not in the database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>new, not committed yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>deleted when you commit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>modified, not committed yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This %1 will be deleted when you commit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a valid %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This table is read-only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read-only: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: no error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::RecordPicker</name>
    <message>
        <source>Search %1 to add…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Matching %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::RecordSearchModel</name>
    <message>
        <source>More matches: type to narrow the search…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New %1, not committed yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot search: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::RelatedListModel</name>
    <message>
        <source>%1 (new, not committed yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (deleted when you commit)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::RelationshipPanel</name>
    <message>
        <source>Related</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Related records</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Double-click or press Enter to open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New %1 in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showing the first %1 of %2; search the %3 table for the rest.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inferred from the names of the table %1 and its columns: no foreign key declares these links</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The next link added is written with:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of the next link to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Written with the next link added, in the column %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fill in %1 first: every link to %2 needs it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2), inferred</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The column %1 of %2 for the selected link: staged as you edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The link to %1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The link to %1: reading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The link to %1 was not read: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The link to %1 is stored more than once in %2: its values cannot be edited here, as the rows cannot be told apart.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::SchemaChanges</name>
    <message numerus="yes">
        <source>Discard %n schema change(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ui::SchemaEditor</name>
    <message>
        <source>Edit Schema</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tables</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Table name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a table of that name, with an integer key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the selected table that name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop the selected table and its rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not null</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Column name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Column type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not n&amp;ull</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default (&apos;text&apos;, 0, CURRENT_TIMESTAMP)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add Column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a column with these fields</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;pply to Column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename the selected column, or change its type, nullability or default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop Column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop the selected column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indexes and constraints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Definition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Index name (ix_table_column when empty)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Index name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uni&amp;que</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add &amp;Index</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Index the columns selected above</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add &amp;Unique</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make the columns selected above unique together</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Index:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Condition every row meets, e.g. price &gt; 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check condition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add C&amp;heck</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add this check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Referred table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its columns (its key when empty)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Referred columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add &amp;Foreign Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make the columns selected above refer to that table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refers to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop Selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop the selected index or constraint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statements the commit runs (in one transaction):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statements the commit runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as &amp;Migration…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the staged edits as a migration script</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Discard Schema Changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop every staged schema edit (Undo brings them back)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Co&amp;mmit Schema Changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Carry out every staged schema edit in one transaction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit Schema — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No schema changes staged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>primary key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>→ %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not null</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unique index</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>index</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unique</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>foreign key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create table %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename table %1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop table %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add column %1.%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select the column to change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename column %1.%2 to %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change column %1.%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select the column to drop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop column %1.%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add index %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add unique constraint on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add check on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add foreign key %1 → %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select the index or constraint to drop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop %1 on %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::SqlConsoleSession</name>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no statement to explain.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::SqlConsoleView</name>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the statements, or the selection (Ctrl+Return)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the statement that runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Co&amp;mmit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commit the console&apos;s transaction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roll &amp;Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roll back the console&apos;s transaction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xplain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show how the database runs the first statement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statements run on this database (Ctrl+Up / Ctrl+Down)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The console cannot connect: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not committed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not rolled back: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Committed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rolled back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No plan: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The plan of the statement at the cursor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A transaction is open: Commit or Roll Back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The console needs a database file or a server: an in-memory database is seen by one connection only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled after %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error at line %1, column %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(statement %1; those before it ran)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n statement(s) run.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1 rows read so far; more are read as you scroll.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n row(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>The tables were changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) changed.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Took %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It ended the open transaction: everything run in it since the last Commit or Roll Back was rolled back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 rows read; the rest were let go, so that other programs can write to the file meanwhile: run again to read further.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ex&amp;port…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the rows of the last query to a CSV, JSON or SQL file</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::SqlEditor</name>
    <message>
        <source>Type SQL here; Ctrl+Return runs it (the selection, if any)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::SqlLogModel</name>
    <message>
        <source>%1 ns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 µs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>&lt;%n byte(s)&gt;</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Values</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::SqlLogView</name>
    <message>
        <source>Follow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the newest statement in view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear the SQL log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SQL statements</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n statement(s) run by this window&apos;s session</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ui::SqlResultModel</name>
    <message numerus="yes">
        <source>BLOB (%n bytes)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ui::StagedValidator</name>
    <message>
        <source>already used by another row (refused by the database)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>required (refused by the database)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refers to a row that does not exist, or is still referred to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is marked for deletion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no %1 has the key %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>also used by %1 (not committed yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>already used by %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::TableClipboard</name>
    <message>
        <source>%1 is read-only: nothing was pasted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The clipboard holds more than %1 rows: File &gt; Import reads them from a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The clipboard holds no cells to paste.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The copied rows are %n cell(s) wide, more than the columns from %1 to the last: nothing was pasted.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>new row %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>row %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not among the rows read: scroll to it first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is marked for deletion.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the rows reach past the rows read so far: paste again once the table is counted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the rows reach past the rows read: scroll to the end first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was pasted: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source> (and %n more)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>The pasted values are the ones already there: nothing changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Paste %n cell(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Pasted %n cell(s), in %1.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new row(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Pasted %n cell(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n generated key(s) left as they are.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ui::UndoCommands</name>
    <message>
        <source>Edit %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New objects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete %1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Delete %n object(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Revert %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revert %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add %1 to %2 of %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove %1 from %2 of %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New %1 for %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Discard %n change(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Edit %1 of %2 over another program&apos;s change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep my %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take their %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::ValueFormatter</name>
    <message>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n byte(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Stored as %1, declared %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not valid UTF-8: its bytes, in hex</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>k</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>M</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>G</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stored as %1, not in the column&apos;s form: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stored as %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
