"""The articles as JSON Lines, CSV or Parquet, one row an article.

JSON Lines has each article as stored.  CSV has a column a field of
``Article`` (and any other field an article has), nested values (pictures,
authors, sources, capture, version) as JSON, never Python reprs: the
project's CSV feed exporter writes them.  Parquet has typed columns from
``Article``'s fields: text, lists of text, a list of picture structs, the
other nested values as JSON text.  Each file is written whole or not at all.
"""
from __future__ import annotations

import dataclasses
import json
import typing
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..archive.atomic import atomic_text_file
from ..exporters import JsonFieldsCsvItemExporter
from ..items import Article, Image

#: Rows a Parquet row group, written as they come.
BATCH = 1000


def columns(articles: list[dict]) -> list[str]:
    """``Article``'s fields, then the other fields the articles have (``version``...)."""
    names = [f.name for f in dataclasses.fields(Article)]
    return names + [name for name in dict.fromkeys(k for a in articles for k in a) if name not in names]


def _arrow_type(hint: typing.Any) -> pa.DataType:
    """The Arrow type of a field of ``Article``; nested mappings are JSON text."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if typing.get_origin(hint) is list:
        if args == [Image]:
            return pa.list_(pa.struct([(name, _arrow_type(t)) for name, t in typing.get_type_hints(Image).items()]))
        return pa.list_(pa.string())
    scalar = args[0] if len(args) == 1 else hint
    return {bool: pa.bool_(), int: pa.int64()}.get(scalar, pa.string())


def parquet_schema(names: list[str]) -> pa.Schema:
    hints = typing.get_type_hints(Article)
    return pa.schema([(name, _arrow_type(hints.get(name, dict))) for name in names])


def _cell(value: typing.Any, kind: pa.DataType) -> typing.Any:
    if kind == pa.string() and isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return value


def write_jsonl(articles: Iterable[dict], out: Path) -> int:
    count = 0
    with atomic_text_file(out) as handle:
        for article in articles:
            handle.write(json.dumps(article, ensure_ascii=False) + "\n")
            count += 1
    return count


def write_csv(articles: Iterable[dict], out: Path) -> int:
    rows = list(articles)
    with atomic_text_file(out, binary=True) as handle:
        exporter = JsonFieldsCsvItemExporter(handle, fields_to_export=columns(rows), encoding="utf-8")
        exporter.start_exporting()
        for row in rows:
            exporter.export_item(row)
        exporter.finish_exporting()
    return len(rows)


def write_parquet(articles: Iterable[dict], out: Path) -> int:
    rows = list(articles)
    schema = parquet_schema(columns(rows))
    with atomic_text_file(out, binary=True) as handle, pq.ParquetWriter(handle, schema) as writer:
        for start in range(0, len(rows), BATCH):
            batch = [{f.name: _cell(row.get(f.name), f.type) for f in schema} for row in rows[start:start + BATCH]]
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
    return len(rows)


WRITERS = {"jsonl": write_jsonl, "csv": write_csv, "parquet": write_parquet}
