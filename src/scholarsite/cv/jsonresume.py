"""The CV as JSON Resume (https://jsonresume.org/schema), for tools that read that format.

A pure function of the same models as the CV page and the PDF. The mapping, where the schema
has no exact place: teaching and other experience become ``work`` entries (with a
``description`` saying which), academic services become ``volunteer`` entries, the projects of
a position become ``projects`` with their ``entity``, the research interests are the
``basics.summary``. The e-mail address is left out: cv.json is a public file, and the site
never publishes the address in plain text. The phone is included only when the owner opts in.
"""

from __future__ import annotations

from typing import Any

from ..bib.publications import Publication
from ..markup import plain_text
from .schema import CV, Dated, Item, Position

SCHEMA = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"


def _dates(period: Dated) -> dict[str, str]:
    out = {"startDate": period.start.iso}
    if period.end is not None and period.end != "present":
        out["endDate"] = period.end.iso
    elif period.end is None:
        out["endDate"] = period.start.iso
    return out


def _highlights(items: list[Item], labels: dict[str, str]) -> list[str]:
    return [" ".join([*(f"[{labels[key]}]" for key in item.papers), plain_text(item.text)])
            for item in items]


def _position(pos: Position, labels: dict[str, str], description: str) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "name": pos.organization + (f" ({pos.short})" if pos.short else ""),
        "position": pos.role + (f", {pos.unit}" if pos.unit else ""),
        "description": description,
        **_dates(pos),
        "highlights": [f"{label}: {name}" for label, name in pos.people]
        + _highlights(pos.items, labels),
    }
    if pos.location:
        entry["location"] = pos.location
    if pos.url:
        entry["url"] = pos.url
    return entry


def _publication(pub: Publication) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "name": pub.title,
        "publisher": pub.venue,
        "releaseDate": pub.date,
        "summary": f"[{pub.label}] " + ", ".join(a.name + a.marks
                                                  for a in pub.authors)
                   + (" et al." if pub.et_al else ""),
    }
    web = [url for _, url in pub.links if url.startswith(("http://", "https://"))]
    if web:
        entry["url"] = web[0]
    return entry


def json_resume(cv: CV, publications: list[Publication], *, show_phone: bool = False,
                ) -> dict[str, Any]:
    who = cv.identity
    labels = {pub.key: pub.label for pub in publications}
    basics: dict[str, Any] = {
        "name": who.name,
        **({"label": who.position} if who.position else {}),
        "summary": plain_text(cv.interests),
        "location": {"address": ", ".join(p for p in (who.office, who.department,
                                                      who.university, who.address) if p)},
        "profiles": [],
    }
    if who.homepage:
        basics["url"] = who.homepage
    if show_phone and who.phone:
        basics["phone"] = who.phone
    for profile in who.profiles:
        basics["profiles"].append({"network": profile.network.label, "username": profile.value,
                                   "url": profile.url})
    if who.notes_site:
        basics["profiles"].append({"network": "Reading notes", "url": who.notes_site})

    work = [_position(pos, labels, "Professional experience") for pos in cv.experience]
    for group in cv.teaching:
        work.append({
            "name": group.institution,
            "position": group.role + (f", {group.department}" if group.department else ""),
            "description": "Teaching",
            "highlights": [f"{c.code}: {c.title} ({', '.join(c.terms)})" for c in group.courses],
            **({"url": group.url} if group.url else {}),
        })
    work += [_position(pos, labels, "Other experience") for pos in cv.other_experience]
    document = {
        "$schema": SCHEMA,
        "basics": basics,
        "work": work,
        "volunteer": [{
            "organization": ", ".join(venue.name for venue in service.venues),
            "position": service.role,
            "startDate": str(min(y for v in service.venues for y in v.years)),
            "endDate": str(max(y for v in service.venues for y in v.years)),
            "highlights": [f"{v.name} ({', '.join(map(str, v.years))})"
                           for v in service.venues],
        } for service in cv.services],
        "education": [{
            "institution": edu.institution + (f" ({edu.short})" if edu.short else ""),
            "area": edu.unit or "",
            "studyType": edu.degree,
            **_dates(edu),
            **({"url": edu.url} if edu.url else {}),
            **({"score": edu.gpa} if edu.gpa else {}),
            "courses": [line for line in (
                f"Advisor: {edu.advisor}" if edu.advisor else "",
                f"Studied at {edu.class_}" if edu.class_ else "") if line]
            + _highlights(edu.items, labels),
        } for edu in cv.education],
        "awards": [{"title": h.title, "date": h.date.iso, **({"awarder": h.issuer}
                                                             if h.issuer else {})}
                   for h in cv.honors],
        "publications": [_publication(pub) for pub in publications],
        "skills": [{"name": g.category, "keywords": list(g.items)} for g in cv.skills],
        "languages": [{"language": lang.language, **({"fluency": lang.fluency}
                                                      if lang.fluency else {})}
                      for lang in cv.languages],
        "interests": [{"name": plain_text(line)} for line in cv.misc],
        "projects": [{
            "name": project.title,
            "entity": pos.organization,
            "highlights": _highlights(project.items, labels),
            **({"url": project.url} if project.url else {}),
        } for pos in cv.experience for project in pos.projects],
        "meta": {"lastModified": f"{cv.updated.isoformat()}T00:00:00"},
    }
    if cv.talks:  # JSON Resume has no talks; its schema allows keys of one's own
        document["x-scholarsite-talks"] = [{
            "name": talk.title, "date": talk.date.iso,
            **({"event": talk.event} if talk.event else {}),
            **({"location": talk.location} if talk.location else {}),
            **({"url": talk.url} if talk.url else {})} for talk in cv.talks]
    if cv.custom:  # JSON Resume has no such section; its schema allows keys of one's own
        document["x-scholarsite-sections"] = [
            {"title": section.title, "highlights": _highlights(section.items, labels)}
            for section in cv.custom if section.items]
    # a section with no data is left out, as on the page and in the PDF
    if not basics["profiles"]:
        del basics["profiles"]
    if not basics["location"]["address"]:
        del basics["location"]
    return {key: value for key, value in document.items() if value != []}
