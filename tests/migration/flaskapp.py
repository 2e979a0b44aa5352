# SPDX-License-Identifier: MIT
"""A Flask application with Flask-Migrate, for tst_flaskmigrate.

The database is ROWSMITH_FLASK_DATABASE; ROWSMITH_FLASK_MODELS picks the models:
  blog     teams, users (AUTOINCREMENT), tags, old_notes: the schema Rowsmith then changes
  forum    users with a karma column and posts: Rowsmith's forum models plus one change
Run as: python3 -m flask --app flaskapp.py db COMMAND
"""
import os

from flask import Flask
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.environ["ROWSMITH_FLASK_DATABASE"]
db = SQLAlchemy(app)
migrate = Migrate(app, db)

models = os.environ.get("ROWSMITH_FLASK_MODELS", "blog")

if models == "blog":
    class Team(db.Model):
        __tablename__ = "teams"
        id = db.Column(db.Integer, primary_key=True)
        name = db.Column(db.String(40), nullable=False)
        code = db.Column(db.String(10), unique=True)

    class User(db.Model):
        __tablename__ = "users"
        __table_args__ = {"sqlite_autoincrement": True}
        id = db.Column(db.Integer, primary_key=True)
        nick = db.Column(db.String(30))
        name = db.Column(db.String(80), nullable=False, server_default=db.text("'anon'"))
        team_id = db.Column(db.Integer)
        legacy = db.Column(db.Integer, nullable=False, server_default=db.text("0"))

    class Tag(db.Model):
        __tablename__ = "tags"
        id = db.Column(db.Integer, primary_key=True)
        label = db.Column(db.String(20))

    class Note(db.Model):
        __tablename__ = "old_notes"
        id = db.Column(db.Integer, primary_key=True)
        body = db.Column(db.Text)

elif models == "forum":
    class User(db.Model):
        __tablename__ = "users"
        id = db.Column(db.Integer, primary_key=True)
        name = db.Column(db.String(80), nullable=False)
        email = db.Column(db.String(120), unique=True)
        age = db.Column(db.Integer, index=True)
        karma = db.Column(db.Integer)

    class Post(db.Model):
        __tablename__ = "posts"
        id = db.Column(db.Integer, primary_key=True)
        user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False, index=True)
        title = db.Column(db.String(100), nullable=False, server_default="")
