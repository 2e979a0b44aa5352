// SPDX-License-Identifier: MIT
// Reads a post's tags, declared off limits for that query (raiseload), the way a program that
// ignores the refusal does ("ignore": iterates the result; "count": its size) or one that
// looks at it ("check"). tst_loading runs it: the first two must stop, naming the
// relationship, in every build; the third only in a debug build (where the read stops).

#include "domain/blog.h"
#include "domain/demodata.h"
#include "orm/query/query.h"

#include <QCoreApplication>

#include <sys/resource.h>

#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    // The expected abort leaves no core file behind.
    const rlimit noCore {0, 0};
    setrlimit(RLIMIT_CORE, &noCore);

    auto engine = orm::Engine::create(u"sqlite://"_s);
    orm::Error error;
    if (!engine || !blog::metadata().createAll(engine->connection(), &error))
        return 2;
    {
        orm::Session writer(engine);
        if (!blog::generateDemoData(writer, blog::DemoOptions {1, 1, 3, 0, 7}))
            return 2;
    }
    orm::Session session(engine);
    const auto post =
        session.query<blog::Post>().options(orm::raiseLoad(&blog::Post::tags)).first();
    if (!post)
        return 2;

    const QString mode = app.arguments().value(1);
    if (mode == u"ignore"_s) {
        int n = 0;
        for (const auto &tag : post->tags.items())
            n += tag ? 1 : 0;
        std::printf("went on with %d tags\n", n);
        return 0;
    }
    if (mode == u"count"_s) {
        std::printf("went on with %d tags\n", int(post->tags.size()));
        return 0;
    }
    if (mode == u"check"_s) {
        const auto tags = post->tags.items();
        if (!tags) {
            std::printf("refused: %s\n", qPrintable(tags.error().text()));
            return 3;
        }
        std::printf("went on with %d tags\n", int(tags.size()));
        return 0;
    }
    return 2;
}
