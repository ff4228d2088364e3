"""The dataset catalog: resolution order, file permissions and the messages it gives."""

from __future__ import annotations

import pytest

from revitalize.data.catalog import Catalog
from revitalize.errors import InputError


def test_bundle_resolves_by_name_and_alias_offline():
    cat = Catalog()
    e = cat.entry("prov_io_2017")
    assert e.origin == "bundle" and e.kind == "io_collection"
    assert cat.entry("cn_prov_io_1997_38").name == "prov_io_1997"


def test_bundle_can_be_turned_off(monkeypatch):
    monkeypatch.setenv("REVITALIZE_BUNDLE", "0")
    with pytest.raises(InputError, match="prov_io_2017"):
        Catalog().entry("prov_io_2017")


def test_mirror_must_be_a_directory(tmp_path):
    with pytest.raises(InputError, match="not a directory"):
        Catalog(mirror_dir=tmp_path / "nowhere")


def test_local_file_names_the_whole_file_even_on_a_long_path(tmp_path):
    deep = tmp_path.joinpath(*(["a-rather-long-directory-name"] * 4))
    deep.mkdir(parents=True)
    missing = deep / "judgments.yaml"
    assert len(str(missing)) > 80
    with pytest.raises(InputError) as err:
        Catalog().local_file(missing, field="source")
    assert "judgments.yaml" in str(err.value) and err.value.field == "source"
    very_long = deep.joinpath(*(["x" * 60] * 6)) / "judgments.yaml"
    with pytest.raises(InputError) as err:
        Catalog().local_file(very_long, field="source")
    assert "judgments.yaml" in str(err.value) and len(str(err.value)) < 400


def test_server_catalog_reads_only_allowed_files(tmp_path):
    f = tmp_path / "upload.csv"
    f.write_text("a,b\n1,2\n", encoding="utf-8")
    server = Catalog(allow_files=False)
    with pytest.raises(InputError, match="files on the server are not read"):
        server.local_file(f, field="concordance")
    assert server.allowing(f).local_file(f, field="concordance") == f
    # the view does not widen the catalog it came from
    with pytest.raises(InputError, match="files on the server are not read"):
        server.local_file(f, field="concordance")
