#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Flask-SQLAlchemy models written as in the seed tutorials, for interoperability tests.

DB is an SQLite file's path, or a PostgreSQL URL (postgresql://user@/db?host=...: psycopg2).

  flask_models.py create DB     creates the seed schema with rows
  flask_models.py dump DB       prints every row as JSON, values tagged with their Python type
  flask_models.py blog DB       reads a database made by Rowsmith's C++ blog models and prints
                                it as JSON through Flask-SQLAlchemy models of the same schema
  flask_models.py exact-create DB   a table of the values SQLite has no type for (microsecond
                                    datetimes, Numeric, JSON written with spaces, a nullable
                                    Boolean)
  flask_models.py exact-dump DB     its rows, tagged with their Python type, and each column's
                                    storage class and bytes as SQLite holds them
"""
import json
import sys
import warnings
from datetime import datetime, date
from decimal import Decimal

from flask import Flask
from flask_sqlalchemy import SQLAlchemy


def database_uri(path):
    """A file path, or a server database's URL as Rowsmith writes it (postgresql://...)."""
    if path.startswith("postgresql://"):
        return "postgresql+psycopg2://" + path[len("postgresql://"):]
    return "sqlite:///" + path


def make_app(path):
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_uri(path)
    app.config["SQLALCHEMY_TRACK_MODIFICATIONS"] = False
    return app


db = SQLAlchemy()

post_tags = db.Table(
    "post_tags",
    db.Column("post_id", db.Integer, db.ForeignKey("posts.id"), primary_key=True),
    db.Column("tag_id", db.Integer, db.ForeignKey("tags.id"), primary_key=True),
)

memberships = db.Table(
    "memberships",
    db.Column("user_id", db.Integer, db.ForeignKey("users.id")),
    db.Column("group_id", db.Integer, db.ForeignKey("groups.id")),
)


class User(db.Model):
    __tablename__ = "users"
    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(80), unique=True, nullable=False)
    email = db.Column(db.String(120), unique=True, nullable=False)
    created_at = db.Column(db.DateTime, default=datetime.utcnow)
    is_active = db.Column(db.Boolean, default=True)
    posts = db.relationship("Post", backref="author", lazy=True)


class Post(db.Model):
    __tablename__ = "posts"
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(200), nullable=False)
    body = db.Column(db.Text)
    date_posted = db.Column(db.DateTime, nullable=False, default=datetime.utcnow)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)
    tags = db.relationship("Tag", secondary=post_tags, backref="posts")


class Tag(db.Model):
    __tablename__ = "tags"
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(50), unique=True, nullable=False)


class Profile(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), unique=True)
    bio = db.Column(db.Text)
    birthday = db.Column(db.Date)
    user = db.relationship("User", backref=db.backref("profile", uselist=False))


class Group(db.Model):
    __tablename__ = "groups"
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80), nullable=False)
    users = db.relationship("User", secondary=memberships, backref="groups")


class Account(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    account_number = db.Column(db.String(20), unique=True, nullable=False)
    balance = db.Column(db.Float, nullable=False, default=0.0)


class Team(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(50), nullable=False)
    players = db.relationship("Player", backref="team")


class Player(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(50), nullable=False)
    number = db.Column(db.Integer)
    team_id = db.Column(db.Integer, db.ForeignKey("team.id"))


class Exact(db.Model):
    __tablename__ = "exact"
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(40), nullable=False)
    at = db.Column(db.DateTime)
    price = db.Column(db.Numeric(8, 2))
    data = db.Column(db.JSON)
    flag = db.Column(db.Boolean, nullable=True)


def tagged(value):
    if value is None:
        return {"type": "None"}
    if isinstance(value, bool):
        return {"type": "bool", "value": value}
    if isinstance(value, datetime):
        return {"type": "datetime", "value": value.isoformat(sep=" ")}
    if isinstance(value, date):
        return {"type": "date", "value": value.isoformat()}
    if isinstance(value, int):
        return {"type": "int", "value": value}
    if isinstance(value, float):
        return {"type": "float", "value": value}
    if isinstance(value, (dict, list)):
        return {"type": type(value).__name__, "value": json.dumps(value, sort_keys=True)}
    return {"type": type(value).__name__, "value": str(value)}


def create(path):
    app = make_app(path)
    db.init_app(app)
    with app.app_context():
        db.create_all()
        john = User(username="john_doe", email="john@example.com",
                    created_at=datetime(2024, 5, 6, 7, 8, 9, 123456))
        jane = User(username="jane", email="jane@example.com", is_active=False)
        flask_tag, python_tag = Tag(name="flask"), Tag(name="python")
        p1 = Post(title="My First Blog Post", body="content", author=john,
                  date_posted=datetime(2024, 6, 1, 12, 0, 0))
        p1.tags.extend([flask_tag, python_tag])
        p2 = Post(title="Another Post", body=None, author=john)
        p2.tags.append(python_tag)
        profile = Profile(user=john, bio="hello", birthday=date(1990, 2, 3))
        admins = Group(name="admins")
        admins.users.append(john)
        a1 = Account(account_number="ACC1001", balance=1000.0)
        a2 = Account(account_number="ACC1002", balance=500.5)
        team = Team(name="Reds")
        team.players.extend([Player(name="Ann", number=7), Player(name="Bo")])
        db.session.add_all([john, jane, flask_tag, python_tag, p1, p2, profile, admins, a1, a2, team])
        db.session.commit()


def dump(path):
    app = make_app(path)
    db.init_app(app)
    out = {}
    with app.app_context():
        for model in (User, Post, Tag, Profile, Group, Account, Team, Player):
            rows = []
            for obj in model.query.order_by(model.id).all():
                rows.append({c.name: tagged(getattr(obj, c.name)) for c in model.__table__.columns})
            out[model.__tablename__] = rows
        out["post_tags"] = sorted([[p.id, t.id] for p in Post.query.all() for t in p.tags])
        out["memberships"] = sorted([[u.id, g.id] for g in Group.query.all() for u in g.users])
        out["john_posts"] = sorted(p.title for p in User.query.filter_by(username="john_doe").first().posts) \
            if User.query.filter_by(username="john_doe").first() else []
    print(json.dumps(out))


def blog(path):
    """Rowsmith's C++ blog schema, described with Flask-SQLAlchemy models."""
    app = make_app(path)
    bdb = SQLAlchemy()
    b_post_tags = bdb.Table(
        "post_tags",
        bdb.Column("post_id", bdb.Integer, bdb.ForeignKey("posts.id"), primary_key=True),
        bdb.Column("tag_id", bdb.Integer, bdb.ForeignKey("tags.id"), primary_key=True))

    class BUser(bdb.Model):
        __tablename__ = "users"
        id = bdb.Column(bdb.Integer, primary_key=True)
        username = bdb.Column(bdb.String(80), unique=True, nullable=False)
        email = bdb.Column(bdb.String(120), unique=True, nullable=False)
        created_at = bdb.Column(bdb.DateTime)
        is_active = bdb.Column(bdb.Boolean)
        posts = bdb.relationship("BPost", backref="author", lazy="dynamic")

    class BPost(bdb.Model):
        __tablename__ = "posts"
        id = bdb.Column(bdb.Integer, primary_key=True)
        title = bdb.Column(bdb.String(200), nullable=False)
        body = bdb.Column(bdb.Text)
        date_posted = bdb.Column(bdb.DateTime, nullable=False)
        user_id = bdb.Column(bdb.Integer, bdb.ForeignKey("users.id"), nullable=False)
        parent_id = bdb.Column(bdb.Integer, bdb.ForeignKey("posts.id"))
        tags = bdb.relationship("BTag", secondary=b_post_tags, backref="posts")

    class BTag(bdb.Model):
        __tablename__ = "tags"
        id = bdb.Column(bdb.Integer, primary_key=True)
        name = bdb.Column(bdb.String(50), unique=True, nullable=False)

    bdb.init_app(app)
    with app.app_context():
        alice = BUser.query.filter_by(username="alice").first()
        first = alice.posts.order_by(BPost.id).first()
        out = {
            "users": BUser.query.count(),
            "posts": BPost.query.count(),
            "tags": BTag.query.count(),
            "alice_posts": alice.posts.count(),
            "alice": {c: tagged(getattr(alice, c)) for c in ("id", "username", "created_at", "is_active")},
            "first_post_author": first.author.username,
            "first_post_tags": sorted(t.name for t in first.tags),
            "first_post_date": tagged(first.date_posted),
            "flask_tagged": BPost.query.filter(BPost.tags.any(name="flask")).count(),
        }
        # And write through it: Rowsmith must read this back.
        alice.is_active = False
        bdb.session.add(BTag(name="written-by-flask"))
        bdb.session.commit()
    print(json.dumps(out))


def exact_create(path):
    app = make_app(path)
    db.init_app(app)
    with app.app_context():
        Exact.__table__.create(db.engine)
        db.session.add_all([
            Exact(name="first", at=datetime(2024, 5, 6, 7, 8, 9, 251237), price=Decimal("12.50"),
                  data={"a": 1, "b": [1, 2]}, flag=None),
            Exact(name="second", at=datetime(2024, 1, 2, 3, 4, 5, 1), price=Decimal("0.10"),
                  data=["x", {"y": None}], flag=True),
        ])
        db.session.commit()


def exact_dump(path):
    # (SQLAlchemy warns that SQLite stores a Decimal as a float: that is the format checked.)
    warnings.filterwarnings("ignore", message="Dialect sqlite")
    app = make_app(path)
    db.init_app(app)
    columns = [c.name for c in Exact.__table__.columns]
    with app.app_context():
        rows = [{c: tagged(getattr(obj, c)) for c in columns}
                for obj in Exact.query.order_by(Exact.id).all()]
        held = []
        for row in db.session.execute(db.text(
                "SELECT " + ", ".join("typeof(%s) || ' ' || hex(%s)" % (c, c) for c in columns)
                + " FROM exact ORDER BY id")):
            held.append(dict(zip(columns, row)))
    print(json.dumps({"rows": rows, "held": held}))


if __name__ == "__main__":
    {"create": create, "dump": dump, "blog": blog, "exact-create": exact_create,
     "exact-dump": exact_dump}[sys.argv[1]](sys.argv[2])
