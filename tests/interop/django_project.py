#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""A tiny Django project (its settings in this file) on an SQLite file, for the tests.

  django_project.py create DB   runs Django's own migrations (django.contrib.auth and
                                contenttypes) and adds a superuser, 20 users and the group
                                "editors" with 5 permissions, as a person would with the shell
  django_project.py dump DB     prints, through Django's ORM, each user's groups and
                                permissions and each group's permissions, as JSON
"""
import json
import sys

import django
from django.conf import settings


def configure(path):
    settings.configure(
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": path}},
        INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes",
                        "django.contrib.sessions"],
        DEFAULT_AUTO_FIELD="django.db.models.AutoField",
        USE_TZ=True,
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    django.setup()


def create():
    from django.contrib.auth.models import Group, Permission, User
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    User.objects.create_superuser("admin", "admin@example.com", "secret")
    for i in range(1, 21):
        User.objects.create_user("user%02d" % i, "user%02d@example.com" % i, "secret")
    editors = Group.objects.create(name="editors")
    editors.permissions.set(Permission.objects.filter(content_type__model="user")
                            .order_by("codename")[:4])
    editors.permissions.add(Permission.objects.get(codename="view_group"))
    User.objects.get(username="user01").groups.add(editors)


def dump():
    from django.contrib.auth.models import Group, User

    out = {"users": {}, "groups": {}}
    for user in User.objects.order_by("username"):
        out["users"][user.username] = {
            "groups": sorted(g.name for g in user.groups.all()),
            "permissions": sorted(p.codename for p in user.user_permissions.all()),
        }
    for group in Group.objects.order_by("name"):
        out["groups"][group.name] = sorted(p.codename for p in group.permissions.all())
    print(json.dumps(out, sort_keys=True))


if __name__ == "__main__":
    command, path = sys.argv[1], sys.argv[2]
    configure(path)
    {"create": create, "dump": dump}[command]()
