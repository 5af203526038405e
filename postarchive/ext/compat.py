"""Every Sphinx internal the archive relies on, in one place.

Sphinx has no public API for these; each is wrapped here so an upgrade that
removes or renames one fails with a message naming it (:class:`SphinxInternalMissing`)
instead of somewhere deep in a build, and ``tests/tool/extension/test_compat.py`` checks all
of them against the installed Sphinx (:func:`missing_internals`).

* ``Project._docname_to_path`` / ``_path_to_docname``: register generated
  documents (the topic pages) as if Sphinx had found them in the source tree;
* the HTML search indexer's ``_filenames``, ``_mapping`` and ``_title_mapping``:
  name generated pages by docname, drop words left without pages;
* emitting ``env-purge-doc`` by hand: forget a document that is left out of
  the build (not UTF-8), as Sphinx does for a deleted one;
* ``BuildEnvironment.glob_toctrees``: a toctree that lists every post is
  re-read when posts are added or removed, like a glob toctree;
* the HTML builder's ``templates.render``: the Content-Security-Policy of a
  page is computed from the rendered page (there is no event after rendering);
* ``sphinx.locale.translators``: a message catalog registered by an earlier
  application of the same process (another archive, another language) is
  forgotten before this one's is registered (``locale.init`` would merge them);
* the LaTeX builder's ``ShowUrlsTransform`` (its ``create_footnote``,
  ``get_docname_for_node`` and ``expand_show_urls``): an archived copy of a
  dead link becomes a footnote numbered with Sphinx's own;
* the LaTeX builder's ``assemble_doctree`` and ``BuildEnvironment.get_doctree``:
  the whole book's frame (pdf/volumes.py) is assembled without reading the
  posts' doctrees, which it leaves out (the volumes hold them).
"""

from __future__ import annotations

from pathlib import Path

import sphinx
from sphinx import locale
from sphinx.application import Sphinx
from sphinx.builders.latex import LaTeXBuilder
from sphinx.builders.latex import transforms as latex_transforms


class SphinxInternalMissing(RuntimeError):
    def __init__(self, internal: str) -> None:
        super().__init__(
            f"postarchive needs the Sphinx internal {internal}, which Sphinx "
            f"{sphinx.__version__} does not have: update postarchive/ext/compat.py"
        )


def _attr(obj, name: str, internal: str):
    try:
        return getattr(obj, name)
    except AttributeError:
        raise SphinxInternalMissing(internal) from None


# -- the project's documents --------------------------------------------------------
def project_documents(project) -> dict[str, Path]:
    """``{docname: path relative to the source directory}`` of *project*."""
    return _attr(project, "_docname_to_path", "Project._docname_to_path")


def project_add(project, docname: str, relpath: Path) -> None:
    project_documents(project)[docname] = relpath
    _attr(project, "_path_to_docname", "Project._path_to_docname")[relpath] = docname
    project.docnames.add(docname)


def project_remove(project, docname: str) -> None:
    path = project_documents(project).pop(docname, None)
    _attr(project, "_path_to_docname", "Project._path_to_docname").pop(path, None)
    project.docnames.discard(docname)


# -- the HTML search index -----------------------------------------------------------
def _indexer(app: Sphinx):
    return getattr(app.builder, "indexer", None)  # None: no HTML search index


def search_filenames(app: Sphinx) -> dict[str, str]:
    """``{docname: source file name}`` of the search index (empty without one)."""
    indexer = _indexer(app)
    return {} if indexer is None else _attr(indexer, "_filenames", "IndexBuilder._filenames")


def search_word_maps(app: Sphinx) -> list[dict[str, set[str]]]:
    """The search index's maps of words (text, titles) to pages."""
    indexer = _indexer(app)
    if indexer is None:
        return []
    return [
        _attr(indexer, "_mapping", "IndexBuilder._mapping"),
        _attr(indexer, "_title_mapping", "IndexBuilder._title_mapping"),
    ]


# -- the environment -----------------------------------------------------------------
def purge_document(app: Sphinx, env, docname: str) -> None:
    """Forget everything read from *docname*, as Sphinx does for a deleted file."""
    if "env-purge-doc" not in app.events.events:
        raise SphinxInternalMissing("the env-purge-doc event")
    app.events.emit("env-purge-doc", env, docname)
    env.clear_doc(docname)


def note_glob_toctree(env, docname: str) -> None:
    """Re-read *docname* whenever documents are added or removed."""
    _attr(env, "glob_toctrees", "BuildEnvironment.glob_toctrees").add(docname)


# -- HTML pages -----------------------------------------------------------------------
def wrap_page_renderer(builder, transform) -> None:
    """Pass every page the HTML builder renders through ``transform(html, context)``
    before it is written (Sphinx has no event after rendering)."""
    templates = _attr(builder, "templates", "StandaloneHTMLBuilder.templates")
    render = _attr(templates, "render", "TemplateBridge.render")
    if getattr(render, "archive_wrapped", False):
        return

    def rendered(template: str, context: dict) -> str:
        return transform(render(template, context), context)

    rendered.archive_wrapped = True  # type: ignore[attr-defined]
    templates.render = rendered


# -- message catalogs ----------------------------------------------------------------
def forget_catalog(catalog: str) -> None:
    """Forget the message catalog *catalog* registered in this process, if any."""
    _attr(locale, "translators", "sphinx.locale.translators").pop(("general", catalog), None)


# -- the LaTeX builder ------------------------------------------------------------------
#: the post-transform that turns links into footnotes (``latex_show_urls``)
ShowUrlsTransform = _attr(
    latex_transforms, "ShowUrlsTransform", "sphinx.builders.latex.transforms.ShowUrlsTransform"
)


def assemble_without(builder, indexfile: str, left_out: set[str]) -> None:
    """While the LaTeX *builder* assembles the document *indexfile*, the
    documents *left_out* are empty: their places (``start_of_file``) stay,
    their doctrees are neither read nor resolved."""
    from docutils.utils import new_document

    assemble = _attr(builder, "assemble_doctree", "LaTeXBuilder.assemble_doctree")
    env = builder.env
    get_doctree = _attr(env, "get_doctree", "BuildEnvironment.get_doctree")

    def empty_or_read(docname: str):
        return new_document(docname) if docname in left_out else get_doctree(docname)

    def assemble_doctree(docname: str, *args, **kwargs):
        if docname != indexfile:
            return assemble(docname, *args, **kwargs)
        env.get_doctree = empty_or_read
        try:
            return assemble(docname, *args, **kwargs)
        finally:
            del env.get_doctree  # the class's own again

    builder.assemble_doctree = assemble_doctree


def after_reading(env, callback) -> None:
    """Once this build has read its documents, ``callback(updated)`` gets the
    documents it updated (those read again and those the extensions said
    depend on them, ``env-get-updated``: the set Sphinx gives its builder to
    write) and returns more for the builder to write."""
    check = _attr(env, "check_dependents", "BuildEnvironment.check_dependents")

    def check_dependents(app, already):
        try:
            found = set(check(app, already))
            more = callback(set(already) | found)
            yield from sorted(found | (set(more) - set(already)))
        finally:
            del env.check_dependents  # the class's own again (the environment is pickled)

    env.check_dependents = check_dependents


def write_only(builder, wanted, after=None) -> None:
    """The LaTeX *builder* writes only the entries of ``latex_documents`` for
    which ``wanted(entry)`` is true; then ``after(skipped entries)``."""
    write_documents = _attr(builder, "write_documents", "LaTeXBuilder.write_documents")

    def write_wanted(docnames):
        every = _attr(builder, "document_data", "LaTeXBuilder.document_data")
        builder.document_data = [entry for entry in every if wanted(entry)]
        try:
            write_documents(docnames)
        finally:
            builder.document_data = every
        if after is not None:
            after([entry for entry in every if not wanted(entry)])

    builder.write_documents = write_wanted


def add_images(builder, docnames: set[str]) -> None:
    """The images of *docnames* among those the LaTeX *builder* copies to its
    output (as its ``post_process_images`` would, for documents it did not
    write this time)."""
    images = _attr(builder, "images", "Builder.images")
    for uri, (owners, name) in _attr(builder.env, "images", "BuildEnvironment.images").items():
        if owners & docnames:
            images[uri] = name


def link_across(builder, holder: dict[str, str], marker: str) -> None:
    """While the LaTeX *builder* assembles a document, a link to a document
    that *holder* (``{docname: the start document of the LaTeX document that
    holds it}``) puts in another of its documents gets the address
    ``marker + docname`` (and the label after ``#``) instead of none: Sphinx's
    builder knows only the document it writes (``get_target_uri`` raises
    ``NoUri`` for the others, and the link is its text)."""
    assemble = _attr(builder, "assemble_doctree", "LaTeXBuilder.assemble_doctree")
    target_uri = _attr(builder, "get_target_uri", "LaTeXBuilder.get_target_uri")
    writing: list[str] = []

    def assemble_doctree(indexfile: str, *args, **kwargs):
        writing[:] = [indexfile]
        return assemble(indexfile, *args, **kwargs)

    def get_target_uri(docname: str, typ: str | None = None) -> str:
        if writing and holder.get(docname, writing[0]) != writing[0]:
            return marker + docname
        return target_uri(docname, typ)

    builder.assemble_doctree = assemble_doctree
    builder.get_target_uri = get_target_uri


def missing_internals(app: Sphinx) -> list[str]:
    """The internals above that *app* (built with the HTML builder) lacks."""
    checks = {
        "Project._docname_to_path": (app.env.project, "_docname_to_path"),
        "Project._path_to_docname": (app.env.project, "_path_to_docname"),
        "IndexBuilder._filenames": (_indexer(app), "_filenames"),
        "IndexBuilder._mapping": (_indexer(app), "_mapping"),
        "IndexBuilder._title_mapping": (_indexer(app), "_title_mapping"),
        "BuildEnvironment.glob_toctrees": (app.env, "glob_toctrees"),
        "StandaloneHTMLBuilder.templates": (app.builder, "templates"),
        "sphinx.locale.translators": (locale, "translators"),
        "ShowUrlsTransform.create_footnote": (ShowUrlsTransform, "create_footnote"),
        "ShowUrlsTransform.get_docname_for_node": (ShowUrlsTransform, "get_docname_for_node"),
        "ShowUrlsTransform.expand_show_urls": (ShowUrlsTransform, "expand_show_urls"),
        "BuildEnvironment.get_doctree": (app.env, "get_doctree"),
        "LaTeXBuilder.assemble_doctree": (LaTeXBuilder, "assemble_doctree"),
        "LaTeXBuilder.get_target_uri": (LaTeXBuilder, "get_target_uri"),
        "LaTeXBuilder.write_documents": (LaTeXBuilder, "write_documents"),
        "BuildEnvironment.check_dependents": (app.env, "check_dependents"),
        "BuildEnvironment.images": (app.env, "images"),
    }
    missing = [name for name, (obj, attr) in checks.items() if not hasattr(obj, attr)]
    if "env-purge-doc" not in app.events.events:
        missing.append("the env-purge-doc event")
    return missing
