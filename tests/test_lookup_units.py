"""The pieces of ``scholarsite add`` on the inputs a review found breaking them: identifiers
written every way people paste them, services' answers of odd shapes and hostile content,
two works that share a title, an owner's entry rewritten by ``--update``."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from pybtex.database import parse_string

from scholarsite import net
from scholarsite.bib.load import load_bibliography
from scholarsite.bib.venues import Venues
from scholarsite.lookup import services
from scholarsite.lookup.add import _arxiv_of, _updated, add
from scholarsite.lookup.ids import UnknownIdentifier, parse
from scholarsite.lookup.work import Person, Work, entry_text, fields_of


class FakeClient(net.Client):
    """Answers every request with the next body of ``answers`` (bytes) or raises it."""

    def __init__(self, *answers: bytes | Exception) -> None:
        super().__init__()
        self.answers = list(answers)

    def get(self, *args: object, **kwargs: object) -> bytes:
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def _crossref(**message: object) -> bytes:
    base = {"type": "journal-article", "title": ["Preface"], "DOI": "10.2000/bbb",
            "author": [{"given": "Ann", "family": "Jones"}], "issued": {"date-parts": [[2020]]},
            "container-title": ["J"]}
    return json.dumps({"status": "ok", "message": {**base, **message}}).encode()


@pytest.mark.parametrize(("written", "found"), [
    ("doi.org/10.1145/3600006.3613175", "doi:10.1145/3600006.3613175"),
    ("10.1145/3600006.3613175,", "doi:10.1145/3600006.3613175"),
    ("https://onlinelibrary.wiley.com/doi/10.1002/anie.201915678/abstract",
     "doi:10.1002/anie.201915678"),
    ("arxiv.org/abs/2101.00001v2", "arxiv:2101.00001"),
    ("ISBN-13: 978-0-262-03384-8", "isbn:9780262033848"),
    ("https://www.ncbi.nlm.nih.gov/pubmed/31452104", "pubmed:31452104"),
])
def test_identifiers_as_people_paste_them(written: str, found: str) -> None:
    assert str(parse(written)) == found


@pytest.mark.parametrize("written", ["https://doi.org/", "https://doi.org/hello",
                                     "https://evildoi.org/10.1/x",
                                     "https://www.ncbi.nlm.nih.gov/gene/7157"])
def test_what_is_not_an_identifier(written: str) -> None:
    with pytest.raises(UnknownIdentifier):
        parse(written)


def _bib(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "refs.bib"
    path.write_text(text, encoding="utf-8")
    return path


def test_two_works_with_one_title_are_two(tmp_path: Path) -> None:
    bib = _bib(tmp_path, "@article{jones2020preface, title = {Preface}, author = {Jones, A.},"
                         " journal = {K}, year = {2020}, doi = {10.1000/aaa}}\n")
    outcome = add(["10.2000/bbb"], [bib], bib, FakeClient(_crossref()), Venues({}),
                  "{surname}{year}{firstword}", update=True, say=lambda line: None)
    assert outcome.held == [] and len(load_bibliography([bib]).data.entries) == 2
    entries = load_bibliography([bib]).data.entries
    assert entries["jones2020preface"].fields["doi"] == "10.1000/aaa"  # left as it was


def test_an_answer_without_a_year_is_one_line(tmp_path: Path) -> None:
    bib = _bib(tmp_path, "")
    outcome = add(["10.2000/bbb"], [bib], bib,
                  FakeClient(_crossref(issued={"date-parts": [[1e400]]})),  # no calendar's
                  Venues({}), "{surname}{year}{firstword}", say=lambda line: None)
    assert outcome.problems == ["10.2000/bbb: not added: the build would refuse the entry "
                                "((@article) lacks year): add it by hand"]
    assert bib.read_text(encoding="utf-8") == ""


@pytest.mark.parametrize("answer", [
    _crossref(title=["$a\\$ $}, journal={J}, year={2020}} @misc{evil, title={x}} @comment{$ y"]),
    _crossref(title=["Unbalanced $x}$ formula"]),
    _crossref(author=[{"name": ""}, {"family": "<b></b>", "given": "Ann"},
                      {"family": "Smith", "given": "Bo"}]),
])
def test_odd_answers_give_one_well_formed_entry(answer: bytes, tmp_path: Path) -> None:
    bib = _bib(tmp_path, "")
    outcome = add(["10.2000/bbb"], [bib], bib, FakeClient(answer), Venues({}),
                  "{surname}{year}{firstword}", say=lambda line: None)
    entries = parse_string(bib.read_text(encoding="utf-8"), "bibtex").entries
    assert outcome.problems == [] and len(entries) == 1, outcome.problems
    entry = next(iter(entries.values()))
    assert all(str(person).strip(", ") for person in entry.persons.get("author", []))


def test_a_datacite_year_cannot_open_another_entry() -> None:
    work = services.datacite_work({"attributes": {
        "titles": [{"title": "T"}], "creators": [{"name": "Org"}],
        "publicationYear": "2020}}\n@misc{evil, title={x}, year={1999}"}})
    text = entry_text("k", work.kind, fields_of(work))
    assert list(parse_string(text, "bibtex").entries) == ["k"] and "year" not in text


def test_arxiv_month_out_of_range_and_several_published_dois() -> None:
    feed = (b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2101.'
            b'00001v1</id><title>A Paper</title><published>2021-13-01T00:00:00Z</published>'
            b'<author><name>Ann Jones</name></author><arxiv:doi xmlns:arxiv="http://arxiv.org/'
            b'schemas/atom">10.1/one 10.1/two</arxiv:doi></entry></feed>')
    client = FakeClient(feed, net.NotFound("x"), net.NotFound("x"))
    work = services.by_arxiv(client, "2101.00001")  # 10.1/one asked; unknown: the preprint
    assert work.month is None and work.year == "2021" and "month" not in entry_text(
        "k", work.kind, fields_of(work))


def test_update_keeps_the_owners_text(tmp_path: Path) -> None:
    mine = ("@article{plos2012,\n  title = {Old},\n  author = {Jones, A.},\n  journal = pami,\n"
            "  month = jan,\n  year = {2020},\n  doi = {10.2000/bbb},\n  selected = {true},\n}"
            "\n% my note on this paper\n\n@misc{other, title = {O}, year = {2001}}\n")
    old = parse_string("@string{pami = {PAMI}}\n" + mine, "bibtex").entries["plos2012"]
    work = services.crossref_work(json.loads(_crossref())["message"])
    text, entry = _updated(mine, "plos2012", old, work, "", "10.2000/bbb")
    assert entry is not None and "% my note on this paper" in text and "@misc{other" in text
    assert "  month = jan," in text and "  selected = {true}," in text
    assert "  title = {Preface}," in text and "  journal = {J}," in text  # the service's
    assert "pami" not in text  # the owner's journal macro gave way to the service's journal


def test_an_update_naming_one_work_twice(tmp_path: Path) -> None:
    bib = _bib(tmp_path, "")
    outcome = add(["10.2000/bbb", "doi:10.2000/bbb"], [bib], bib,
                  FakeClient(_crossref(), _crossref()), Venues({}),
                  "{surname}{year}{firstword}", update=True, say=lambda line: None)
    assert len(outcome.written) == 1 and len(outcome.held) == 1
    assert len(parse_string(bib.read_text(encoding="utf-8"), "bibtex").entries) == 1


def test_a_scholar_style_preprint_is_held_by_its_arxiv_id() -> None:
    entry = parse_string("@article{a, title = {T}, journal = {arXiv preprint arXiv:2101.00001},"
                         " year = {2021}}", "bibtex").entries["a"]
    assert _arxiv_of(entry) == "2101.00001"


def test_the_client_on_odd_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    client = net.Client(contact="李明@example.cn")
    client.user_agent.encode("latin-1")  # a header that can be sent
    assert net._retry_after("inf", 1.0) > net.MAX_WAIT  # answered "rate limited", no crash
    assert net._retry_after("nan", 1.0) == 1.0
    cache = tmp_path / "answers.json"
    cache.write_text(json.dumps({"https://api.crossref.org/works/x": [
        200, "{}", time.time() - net.KEEP_FOUND - 1]}), encoding="utf-8")
    asked: list[str] = []
    monkeypatch.setattr(net.Client, "_once", lambda self, url, accept, limit: (
        asked.append(url) or (200, {"Content-Type": "text/html"}, b"<html>portal</html>")))
    old = net.Client(cache=cache)
    assert old.get("crossref", "/works/x") == b"<html>portal</html>"  # expired: asked again
    old.save()
    assert asked and "portal" not in cache.read_text(encoding="utf-8")  # a page, not an answer
    assert services._path("10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-#")\
        .endswith("CO;2-%23")


def test_works_without_names_or_identifiers() -> None:
    work = Work(kind="book", title="T", year="2009",
                authors=[Person(""), Person("Cormen", "Thomas")])
    assert "author = {Cormen, Thomas}," in entry_text("k", "book", fields_of(work))
