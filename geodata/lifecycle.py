"""The land lifecycle tables of a dataset, checked against each other and the parcels.

``contracts`` (one row per land supply, keyed by 合同编号), ``progress`` (dated observations, one per
parcel and date) and ``approvals`` (the approved batches, polygons) are described in
``geodata/README.md``; what they mean is computed by :mod:`zone_layers.registers`. Here a repeated
key is an error (the registers would count a supply twice), and what is kept but suspect is a note:
a contract or observation of a parcel the parcels layer does not hold, a contract's firm missing from
``enterprises``, an agreed start before the signing, progress before any contract.
"""

from __future__ import annotations

import pandas as pd

from geodata.enterprises import MAX_QUOTED, _duplicates, _rows, row_params
from geodata.errors import Note


def _listed(values: pd.Series) -> str:
    return ", ".join(_keys(values))


def _keys(values: pd.Series) -> list[str]:
    return sorted(set(values.astype(str)))[:MAX_QUOTED]


def check_lifecycle(tables: dict[str, pd.DataFrame], parcels: pd.DataFrame, *, where: str) -> list[Note]:
    """Check ``tables["contracts"]``, ``["progress"]`` and ``["approvals"]``; return notes.

    Raises :class:`geodata.errors.SchemaError` for a contract number twice, an observation of the
    same parcel and date twice, or a batch ID twice, naming the rows.
    """
    contracts, progress, approvals = tables["contracts"], tables["progress"], tables["approvals"]
    _duplicates(contracts, ["contract_no"], where=where, layer="contracts")
    _duplicates(progress, ["parcel_id", "date"], where=where, layer="progress")
    _duplicates(approvals, ["batch_id"], where=where, layer="approvals")
    notes: list[Note] = []
    known = set(parcels["parcel_id"])
    for layer, frame in (("contracts", contracts), ("progress", progress)):
        lost = frame.index[~frame["parcel_id"].isin(known)]
        if len(lost):
            shown = _listed(frame.loc[lost, "parcel_id"])
            notes.append(Note(f"{where}, layer {layer}, rows {_rows(lost)}: parcel(s) {shown} "
                              "are not in the parcels layer; the rows are kept, without an area the registers cannot "
                              "apply the 1/3 criterion or count 亩", "lifecycle_parcel_unknown",
                              {"source": where, "layer": layer, "parcels": _keys(frame.loc[lost, "parcel_id"]),
                               **row_params(lost)}))
    firms = set(tables["enterprises"]["credit_code"])
    named = contracts["credit_code"].notna() & (contracts["credit_code"].astype(str) != "")
    stray = contracts.index[named & ~contracts["credit_code"].isin(firms)]
    if len(stray):
        notes.append(Note(f"{where}, layer contracts, rows {_rows(stray)}: credit code(s) "
                          f"{_listed(contracts.loc[stray, 'credit_code'])} are not in enterprises; the 标准地 "
                          "commitments of those contracts have no firm figures to be checked against",
                          "contract_firm_unknown",
                          {"source": where, "codes": _keys(contracts.loc[stray, "credit_code"]), **row_params(stray)}))
    early = contracts.index[(contracts["agreed_start"] < contracts["signed"]).fillna(False).astype(bool)]
    if len(early):
        notes.append(Note(f"{where}, layer contracts, rows {_rows(early)}: the agreed start (约定动工日期) is before "
                          "the signing (签订日期); check the dates", "start_before_signing",
                          {"source": where, **row_params(early)}))
    without = progress.index[~progress["parcel_id"].isin(set(contracts["parcel_id"]))]
    if len(contracts) and len(without):
        notes.append(Note(f"{where}, layer progress, rows {_rows(without)}: parcel(s) "
                          f"{_listed(progress.loc[without, 'parcel_id'])} have no contract; their observations are "
                          "not used by the registers", "progress_without_contract",
                          {"source": where, "parcels": _keys(progress.loc[without, "parcel_id"]),
                           **row_params(without)}))
    return notes
