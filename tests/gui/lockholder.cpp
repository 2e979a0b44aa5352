// SPDX-License-Identifier: MIT
// Another program writing to a database file, for the tests that check that the window never
// waits on it: holds an exclusive lock (BEGIN EXCLUSIVE: no other connection reads or writes
// the file meanwhile), then lets go.
//
//   rowsmith-lockholder FILE MILLISECONDS   holds the lock that long
//   rowsmith-lockholder FILE                holds it until its standard input closes
//
// Prints "locked" once the lock is held and "released" once it is let go; exits with 1 when
// the lock cannot be taken.

#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

int main(int argc, char *argv[])
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: rowsmith-lockholder FILE [MILLISECONDS]\n");
        return 2;
    }
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        std::fprintf(stderr, "cannot open %s\n", argv[1]);
        return 1;
    }
    sqlite3_busy_timeout(db, 5000);
    // A write in the transaction, as a real writer's: the lock is the one a commit holds.
    if (sqlite3_exec(db, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr) != SQLITE_OK) {
        std::fprintf(stderr, "cannot lock: %s\n", sqlite3_errmsg(db));
        return 1;
    }
    std::printf("locked\n");
    std::fflush(stdout);
    if (argc > 2) {
        std::this_thread::sleep_for(std::chrono::milliseconds(std::atol(argv[2])));
    } else {
        while (std::fgetc(stdin) != EOF) { }
    }
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    std::printf("released\n");
    std::fflush(stdout);
    sqlite3_close(db);
    return 0;
}
