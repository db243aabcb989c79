"""Roles that put single CV facts into MyST text, page titles included.

``# {cv}`identity.name``` titles the home page with the owner's name from the CV data file,
so the name is written once; ``{course-title}`COMP4651``` titles a course page.
"""

from __future__ import annotations

from typing import NoReturn

from docutils import nodes
from docutils.nodes import Node, system_message
from pydantic import BaseModel
from sphinx.util.docutils import SphinxRole

from ..errors import ScholarsiteError, located
from ..render import render
from .base import use_site_data
from .cv_directives import find_course


class CVFieldRole(SphinxRole):
    """``{cv}`identity.position```: the text of one scalar field of the CV."""

    def run(self) -> tuple[list[Node], list[system_message]]:
        value: object = use_site_data(self.env).cv
        for part in self.text.strip().split("."):
            if not isinstance(value, BaseModel) or part not in type(value).model_fields:
                self.fail(f"{self.text!r} is not a CV field: use a dotted path such as "
                          "identity.name")
            value = getattr(value, part)
        if value is None or isinstance(value, BaseModel | list | dict):
            self.fail(f"{self.text!r} is empty or not a single value: name a text field")
        field = self.text.strip()
        if field == "identity.phone" and not self.config.scholarsite_show_phone:
            self.fail("the phone number is private: set scholarsite_show_phone = True in "
                      "conf.py to publish it, or remove the role")
        if field == "identity.email":  # as everywhere: never plain text in the page source
            return [nodes.raw("", render("cv/email.html", address=value), format="html")], []
        return [nodes.Text(str(value))], []

    def fail(self, message: str) -> NoReturn:
        path, line = self.get_source_info()
        raise ScholarsiteError(located(path, line, f"{{cv}} role: {message}"))


class CourseTitleRole(SphinxRole):
    """``{course-title}`COMP4651```: "COMP4651: Cloud Computing and Big Data Systems"."""

    def run(self) -> tuple[list[Node], list[system_message]]:
        path, line = self.get_source_info()
        _, course = find_course(use_site_data(self.env), self.text.strip(), path, line)
        return [nodes.Text(f"{course.code}: {course.title}")], []
