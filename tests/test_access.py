"""Confidential tax figures: hidden means never sent (the page payload is inspected)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import access, fmt
from geodata import settings
from geodata.dataset import dataset_from_gpkg
from tests.helpers import ZONE_TABS, assert_page_ok, decoded, open_tab, section_table
from zone_layers import confidential, summary

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")
ANALYST_HASH = access.hash_password("s3cret-Pw", iterations=1_000, salt=b"0123456789abcdef")


def payload(at: AppTest) -> str:
    """Everything the browser receives for the zone view with each of its tabs open in turn (only
    the open tab is sent): every element's protobuf, as text."""
    parts = []
    for label in ZONE_TABS:
        at = open_tab(at, label)
        parts += [str(c.proto) for c in at.get("component_instance")]
        parts += [json.loads(c.proto.json_args)["script"] for c in at.get("component_instance")]
        parts += [df.value.to_csv() for df in at.dataframe]
        parts += [str(m.proto) for m in at.metric]
        parts += [str(e.proto) for e in at.markdown] + [str(e.proto) for e in at.caption]
    return decoded("\n".join(parts))


def tax_strings() -> list[str]:
    """How each firm's 2024 tax would be written in a tooltip (万元 or 亿元)."""
    parcels = summary.parcels_with_firms(dataset_from_gpkg(settings.SAMPLE_PATH))
    taxes = parcels["tax_wan_2024"].dropna()
    return [fmt.money_wan(v) for v in taxes if v >= 100]


def app_with_access(monkeypatch, **access_section) -> AppTest:
    monkeypatch.delenv("ZONE_DATA", raising=False)
    at = AppTest.from_file(APP, default_timeout=90)
    at.secrets["access"] = {"enabled": True, "users": {"li": {"role": "analyst", "password_hash": ANALYST_HASH}},
                            **access_section}
    return at


def test_password_hashes():
    stored = access.hash_password("秘密", iterations=1_000)
    assert stored.startswith("pbkdf2_sha256$1000$") and "秘密" not in stored
    assert access.verify_password("秘密", stored)
    assert not access.verify_password("wrong", stored)
    assert not access.verify_password("秘密", "garbage")


def test_redact_blanks_every_confidential_field(tiny_parcels):
    out = confidential.redact(tiny_parcels)
    hidden = confidential.confidential_columns(tiny_parcels)
    assert {"tax_wan_2022", "tax_wan_2023", "tax_wan_2024", "revenue_wan", "investment_wan"} <= set(hidden)
    for name in hidden:
        assert out[name].isna().all(), name
    assert list(out["parcel_id"]) == list(tiny_parcels["parcel_id"])   # nothing else lost


def test_viewer_payload_has_no_parcel_tax(monkeypatch):
    at = app_with_access(monkeypatch).run()
    assert_page_ok(at)
    sent = payload(at)
    leaked = [s for s in tax_strings() if s in sent or fmt.esc(s) in sent]
    assert leaked == []
    # no layer built from confidential figures is offered, and the evaluation is not shown
    assert set(at.selectbox(key="layer").options) == {"用地类别", "容积率", "低效用地", "土地台账处置状态"}
    at = open_tab(at, "企业评价")
    assert not any("综合得分" in getattr(df.value, "columns", []) for df in at.dataframe)
    assert any("分析员" in i.value or "analyst" in i.value.lower() for i in at.info)
    # section and zone aggregates are still shown
    assert any(m.label.startswith("工业亩均税收") for m in at.metric)


def test_analyst_sees_parcel_tax_after_signing_in(monkeypatch):
    at = app_with_access(monkeypatch).run()
    at.text_input(key="sign_in_user").input("li")
    at.text_input(key="sign_in_password").input("s3cret-Pw")
    at.button(key="sign_in").click().run()
    assert_page_ok(at)
    assert at.session_state["_role"] == "analyst"
    sent = payload(at)
    assert any(s in sent or fmt.esc(s) in sent for s in tax_strings())  # the check above can fail
    assert "grade" in at.selectbox(key="layer").options or "企业评价等级" in at.selectbox(key="layer").options


def test_wrong_password_stays_viewer(monkeypatch):
    at = app_with_access(monkeypatch).run()
    at.text_input(key="sign_in_user").input("li")
    at.text_input(key="sign_in_password").input("guess")
    at.button(key="sign_in").click().run()
    assert not at.exception
    assert "_role" not in at.session_state
    assert len(at.error) == 1 and "不正确" in at.error[0].value    # the one expected error, nothing else


def test_access_off_by_default_for_the_sample(monkeypatch):
    monkeypatch.delenv("ZONE_DATA", raising=False)
    monkeypatch.delenv(access.ENV_VAR, raising=False)
    at = AppTest.from_file(APP, default_timeout=90).run()
    assert_page_ok(at)
    assert "企业评价等级" in [o for o in at.selectbox(key="layer").options]


def secrets_from(monkeypatch, text: str) -> None:
    """The secrets file holds ``text`` (a TOML document) for :func:`access.access_config`."""
    monkeypatch.setattr(access, "_secrets", lambda: tomllib.loads(text))


@pytest.mark.parametrize(("text", "line"), [
    ("[access]\nenabled = \"false\"\n", "access.enabled = 'false'; expected true or false (lower case, no quotes)"),
    ("[access.users.li]\nrole = \"admin\"\npassword_hash = \"" + ANALYST_HASH + "\"\n",
     "access.users.li.role = 'admin'; expected a role: viewer, analyst"),
    ("[access.users.li]\nrole = \"analyst\"\npassword_hash = \"s3cret-Pw\"\n",
     "access.users.li.password_hash = <str, hidden>; expected a PBKDF2 hash made by python -m dashboard "
     "hash-password"),
    ("[access.users.li]\nrole = \"analyst\"\n", "access.users.li.password_hash is missing; expected a PBKDF2 hash"),
    ("[access.users.li]\nrol = \"analyst\"\npassword_hash = \"" + ANALYST_HASH + "\"\n",
     "access.users.li.rol = 'analyst'; expected one of the keys role, password_hash (did you mean 'role'?)"),
    ("[access.roles]\n\"li@example.gov.cn\" = \"analst\"\n",
     "access.roles.\"li@example.gov.cn\" = 'analst'; expected a role: viewer, analyst (did you mean 'analyst'?)"),
    ("access = true\n", "access = True; expected a table [access] with the keys enabled, users, roles"),
])
def test_a_bad_access_value_fails_closed_naming_its_exact_key_path(monkeypatch, text, line, caplog):
    """Fail closed: access on, nobody who can sign in (viewer mode), the problem said, no secret quoted."""
    secrets_from(monkeypatch, text)
    monkeypatch.setenv(access.ENV_VAR, "0")          # not even an explicit "off" opens a broken configuration
    cfg = access.access_config(illustrative=True)
    assert (cfg.enabled, cfg.users, cfg.roles_by_email) == (True, {}, {})
    assert f".streamlit/secrets.toml: {line}" in cfg.problem
    assert "s3cret-Pw" not in cfg.problem
    assert line[:30] in caplog.text and "s3cret-Pw" not in caplog.text   # and in the log for the administrator


def test_two_access_problems_are_both_reported(monkeypatch):
    secrets_from(monkeypatch, '[access]\nenabled = 1\n[access.roles]\n"a@example.gov.cn" = "boss"\n')
    problem = access.access_config().problem
    assert problem.startswith(".streamlit/secrets.toml: 2 problems in the access configuration")
    assert ".streamlit/secrets.toml: access.enabled = 1; expected true or false (lower case, no quotes)" in problem
    assert ('.streamlit/secrets.toml: access.roles."a@example.gov.cn" = \'boss\'; expected a role: viewer, '
            "analyst") in problem


def test_a_valid_access_section_is_read(monkeypatch):
    monkeypatch.delenv(access.ENV_VAR, raising=False)
    secrets_from(monkeypatch, f'[auth]\n[access]\nenabled = true\n[access.users.li]\npassword_hash = "{ANALYST_HASH}"\n'
                              '[access.roles]\n"Li@Example.gov.cn" = "analyst"\n')
    cfg = access.access_config(illustrative=True)
    assert cfg == access.AccessConfig(enabled=True, users={"li": ("viewer", ANALYST_HASH)}, oidc=True,
                                      roles_by_email={"li@example.gov.cn": "analyst"})


@pytest.mark.parametrize(("illustrative", "env", "enabled", "banner"), [
    (True, None, False, False),     # the bundled sample stays open
    (False, None, True, False),     # real data: on without any configuration
    (False, "0", False, True),      # only an explicit 0 turns it off, and every page says so
    (False, "1", True, False),
    (True, "1", True, False),
    (True, "0", False, False),
])
def test_secure_by_default(monkeypatch, illustrative, env, enabled, banner):
    secrets_from(monkeypatch, "")
    if env is None:
        monkeypatch.delenv(access.ENV_VAR, raising=False)
    else:
        monkeypatch.setenv(access.ENV_VAR, env)
    cfg = access.access_config(illustrative=illustrative)
    assert (cfg.enabled, cfg.switched_off, cfg.problem) == (enabled, banner, None)


def test_an_unknown_switch_value_fails_closed(monkeypatch):
    secrets_from(monkeypatch, "")
    monkeypatch.setenv(access.ENV_VAR, "maybe")
    cfg = access.access_config(illustrative=True)
    assert cfg.enabled and cfg.users == {} and "ZONE_ACCESS_CONTROL='maybe'" in cfg.problem


def test_a_malformed_secrets_file_is_an_error_not_access_off(monkeypatch, tmp_path):
    """A secrets file that does not parse may hold [access]: reading it as "no configuration" would turn
    access control off, so the app gets an error it shows instead."""
    import streamlit
    from streamlit.runtime.secrets import Secrets

    path = tmp_path / "secrets.toml"
    path.write_text("[access]\nenabled = true\n[access.users.li\n", encoding="utf-8")
    get_option = streamlit.config.get_option
    monkeypatch.setattr(streamlit.config, "get_option",
                        lambda name: [str(path)] if name == "secrets.files" else get_option(name))
    monkeypatch.setattr(access.st, "secrets", Secrets())
    cfg = access.access_config(illustrative=True)
    assert cfg.enabled and cfg.users == {}           # viewer mode, whatever the file meant
    assert "secrets file cannot be read, so the access configuration is unknown" in cfg.problem
    path.unlink()                                   # no secrets file at all: the sample is open, as documented
    monkeypatch.setattr(access.st, "secrets", Secrets())
    monkeypatch.delenv(access.ENV_VAR, raising=False)
    assert not access.access_config(illustrative=True).enabled
    assert access.access_config(illustrative=False).enabled


def test_a_malformed_access_section_gives_viewer_mode_with_the_problem(monkeypatch):
    at = app_with_access(monkeypatch, roles={"a@example.gov.cn": "superuser"}).run()
    assert not at.exception
    assert any("access.roles.\"a@example.gov.cn\" = 'superuser'; expected a role" in e.value for e in at.error)
    assert "sign_in_user" not in [w.key for w in at.text_input]   # no sign-in form: nobody can become analyst
    # a viewer's layers
    assert set(at.selectbox(key="layer").options) == {"用地类别", "容积率", "低效用地", "土地台账处置状态"}
    assert ANALYST_HASH not in decoded(str([e.proto for e in at.error]))


@pytest.mark.parametrize("value", ["1", "true"])
def test_environment_switch(monkeypatch, value):
    monkeypatch.setenv(access.ENV_VAR, value)
    assert access.access_config().enabled


def test_viewers_still_get_section_aggregates_and_trends(monkeypatch):
    at = app_with_access(monkeypatch).run()
    assert_page_ok(at)
    comparison = section_table(at)
    assert comparison["工业亩均税收(万元/亩)"].notna().sum() == 4     # the four industrial sections
    # the cluster revenue against its targets is an aggregate too
    at = open_tab(at, "目标差距")
    gaps = next(df.value for df in at.dataframe if "产业集群" in getattr(df.value, "columns", []))
    assert gaps["园区企业营业收入"].notna().all()


def test_aggregates_of_too_few_firms_are_blanked(tiny_dataset, tiny_view):
    """The tiny zone: 一区 (s1) holds 甲 (A2, 2024 tax 990 万元, investment 27 000 万元) and 乙 (A2,
    no 2024 tax, investment 9 000 万元); 二区 (s2) holds 丙 (A4, tax 120 万元)."""
    import math

    from zone_layers import disclosure, summary

    ds = tiny_dataset
    table = summary.section_table(ds.sections, tiny_view, year=2024)

    def protected(min_firms: int) -> disclosure.Protection:
        return disclosure.protect(tiny_view, year=2024, shown_groups=ds.sections["section_id"],
                                  rules=disclosure.DisclosureRules(min_firms=min_firms))

    two = protected(2)
    assert two.firms[("tax_A2", "s1")] == 1                   # 甲 only: 乙 reported no 2024 tax
    assert two.firms[("tax_all", "s2")] == 1                  # 丙, on commercial land
    assert two.firms[("investment_A2", "s1")] == 2
    out = disclosure.apply_table(table, two)
    s1 = out.set_index("section_id").loc["s1"]
    assert math.isnan(s1["industrial_tax_per_mu"]) and math.isnan(s1["tax_wan"])  # would be 甲's own
    # its coverage (甲's 60 000 of 90 000 m² of A2) would give 甲's land away with the A2 area: hidden too;
    # the counts (1 of 2 firms reported) are not confidential
    assert math.isnan(s1["industrial_tax_coverage"])
    assert (s1["industrial_tax_firms"], s1["industrial_firms"]) == (1, 2)
    # two firms' investment over their 90 000 m² (= 135 亩) of A2 (甲 75 %, under the dominance rule): kept
    assert s1["industrial_investment_intensity_wan_per_mu"] == pytest.approx(36_000 / 135)
    assert s1["far"] == table.set_index("section_id").loc["s1", "far"]  # not confidential: untouched
    # with the default of three firms, every confidential aggregate of the tiny zone is blanked
    three = protected(3)
    out = disclosure.apply_table(table, three)
    for _, _, columns in disclosure.MEASURES.values():
        for column in columns:
            if column in out:
                assert out[column].isna().all(), column
    assert out["built_up_rate"].tolist() == table["built_up_rate"].tolist()
    zone = summary.zone_summary(ds.zones.iloc[0], tiny_view, year=2024)
    shown = disclosure.apply_summary(zone, three)
    assert math.isnan(shown["industrial_tax_per_mu"]) and shown["n_enterprises"] == zone["n_enterprises"]


def test_a_viewer_sees_no_one_firm_aggregate_an_analyst_does(monkeypatch, tmp_path, tiny_dataset):
    """On the tiny zone every section rests on one firm: a viewer gets — where an analyst gets
    一区's 工业亩均税收 = 990 万元 / 90 亩 (甲's P1, 300×200 m of A2; 乙 on P2 reported no 2024 tax,
    so its 45 亩 are left out: coverage 90 / 135 = 67 %, 1 of 2 firms)."""
    from geodata.dataset import dataset_to_gpkg

    def comparison(at: AppTest) -> pd.DataFrame:
        return section_table(at)

    at = app_with_access(monkeypatch)
    monkeypatch.setenv("ZONE_DATA", str(dataset_to_gpkg(tiny_dataset, tmp_path / "tiny.gpkg")))
    at.run()
    assert_page_ok(at)
    assert comparison(at)["工业亩均税收(万元/亩)"].isna().all()
    # the counts of reporting firms are not confidential; the share of a hidden figure's land is
    assert comparison(at)["工业亩均税收覆盖率(%)"].isna().all()
    assert comparison(at).at["一区", "工业亩均税收报送企业"] == "1/2"
    assert all(m.value == fmt.MISSING for m in at.metric if m.label.startswith("工业亩均税收"))
    at.text_input(key="sign_in_user").input("li")
    at.text_input(key="sign_in_password").input("s3cret-Pw")
    at.button(key="sign_in").click().run()
    assert_page_ok(at)
    rows = comparison(at)
    assert rows.at["一区", "工业亩均税收(万元/亩)"] == "11.00"   # 990 / 90
    assert rows.at["一区", "工业亩均税收覆盖率(%)"] == "67"      # 100 × 90 / 135 = 66.7


def test_a_viewer_sees_no_current_value_or_gap_of_a_suppressed_target(monkeypatch, tmp_path, tiny_dataset):
    """The tiny zone's 工业亩均税收 rests on one firm (甲): blanked for a viewer, and so are its current
    value and gap against a target; the industrial land ratio (0.75 against 80 %) is not a firm figure."""
    from dataclasses import replace

    import pandas as pd

    from geodata.dataset import dataset_to_gpkg

    targets = pd.DataFrame({"zone_id": ["tiny", "tiny"], "year": [2026, 2026],
                            "indicator": ["industrial_tax_per_mu", "industrial_land_ratio"], "value": [11.0, 80.0]})
    path = dataset_to_gpkg(replace(tiny_dataset, targets=targets), tmp_path / "tiny.gpkg")
    at = app_with_access(monkeypatch)
    monkeypatch.setenv("ZONE_DATA", str(path))
    at = open_tab(at.run(), "目标差距")
    assert_page_ok(at)
    table = next(df.value for df in at.dataframe if "目标值" in getattr(df.value, "columns", [])).set_index("指标")
    tax = table.loc["工业用地亩均税收(万元/亩)"]
    shown = ["目标值", "2024年现状", "差距（现状−目标）", "是否达标"]
    assert tax[shown].tolist() == ["11.00", "—", "—", "— 无现状值"]
    ratio = table.loc["工业用地率(%)"]
    assert ratio[shown].tolist() == ["80.0", "75.0", "-5.0", "✗ 未达标"]


def sign_in(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input(key="sign_in_user").input(name)
    at.text_input(key="sign_in_password").input(password)
    return at.button(key="sign_in").click().run()


def test_sign_ins_are_audited_and_failures_throttled(monkeypatch, tmp_path):
    from geodata import store

    monkeypatch.setenv(store.AUDIT_ENV_VAR, str(tmp_path / "audit.log"))
    at = app_with_access(monkeypatch).run()
    for _ in range(access.MAX_FAILED_SIGN_INS):
        at = sign_in(at, "li", "guess-Pw")
        assert "不正确" in at.error[0].value
    at = sign_in(at, "li", "s3cret-Pw")            # the right password, but too many failures just now
    assert "_role" not in at.session_state
    assert "暂停登录" in at.error[0].value
    at = sign_in(at, "wang", "guess")                # another name is not held up by li's failures
    assert "不正确" in at.error[0].value
    log = (tmp_path / "audit.log").read_text(encoding="utf-8")
    events = [json.loads(line) for line in log.splitlines()]
    assert [(e["event"], e["user"]) for e in events] == [("sign_in_failed", "li")] * 5 + [
        ("sign_in_refused", "li"), ("sign_in_failed", "wang")]
    assert all(e["at"].endswith("+00:00") for e in events)
    assert "guess" not in log and "s3cret" not in log and ANALYST_HASH.split("$")[-1] not in log
    # the window passes: li may sign in again, and that is logged too
    later = store.audit_log("x").entries()[-1].at
    assert not access.throttled(store.audit_log("x"), "li", now=pd.Timestamp(later).to_pydatetime()
                                + pd.Timedelta(minutes=access.THROTTLE_MINUTES + 1))
    assert access.throttled(store.audit_log("x"), "li")


def test_a_successful_sign_in_is_audited(monkeypatch, tmp_path):
    from geodata import store

    monkeypatch.setenv(store.AUDIT_ENV_VAR, str(tmp_path / "audit.log"))
    at = sign_in(app_with_access(monkeypatch).run(), "li", "s3cret-Pw")
    assert at.session_state["_role"] == "analyst"
    entry = store.audit_log("x").entries()[-1]
    assert (entry.event, entry.user, entry.details) == ("sign_in", "li", {"role": "analyst", "method": "password"})


def test_switched_off_access_control_says_so_on_the_page(monkeypatch, tmp_path, tiny_dataset):
    from dataclasses import replace

    from geodata.dataset import dataset_to_gpkg

    real = replace(tiny_dataset, zones=tiny_dataset.zones.assign(illustrative=False))
    monkeypatch.setenv("ZONE_DATA", str(dataset_to_gpkg(real, tmp_path / "real.gpkg")))
    monkeypatch.setenv(access.ENV_VAR, "0")
    at = AppTest.from_file(APP, default_timeout=90).run()
    assert any("访问控制已关闭" in w.value for w in at.warning)
    assert "sign_in_user" not in [w.key for w in at.text_input]
    monkeypatch.delenv(access.ENV_VAR)               # the same real data without the switch: viewers only
    at = AppTest.from_file(APP, default_timeout=90).run()
    assert not any("访问控制已关闭" in w.value for w in at.warning)
    assert "sign_in_user" in [w.key for w in at.text_input]


def test_an_analysts_brief_names_who_made_it_and_is_audited(monkeypatch, tmp_path):
    import subprocess

    from dashboard.pages.zone_page import BRIEF_KEY
    from geodata import store

    monkeypatch.setenv(store.AUDIT_ENV_VAR, str(tmp_path / "audit.log"))
    at = sign_in(app_with_access(monkeypatch).run(), "li", "s3cret-Pw")
    at.selectbox(key="brief_format").set_value("pdf").run()
    at.button(key="brief_make").click().run()
    assert_page_ok(at)
    pdf = at.session_state[BRIEF_KEY][1]
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "导出：li · 20" in text and " UTC" in text
    entry = store.audit_log("x").entries(event="export")[-1]
    assert entry.user == "li" and entry.details["what"] == "brief.pdf"
    assert entry.details["view"].startswith("zmd_etdz land_class ")


def test_export_stamp_and_record_need_a_signed_in_user(monkeypatch, tmp_path):
    from geodata import store

    log = store.AuditLog(str(tmp_path / "d.gpkg"))
    monkeypatch.setattr(access, "signed_in_user", lambda: None)
    assert access.export_stamp("zh") is None
    access.record_export(log, view="v", what="w.csv")
    monkeypatch.setattr(access, "signed_in_user", lambda: "wang")
    assert access.export_stamp("en").startswith("Exported by wang · ")
    access.record_export(log, view="zmd_etdz-sections-2024", what="zmd_etdz-sections-2024.xlsx")
    assert [(e.event, e.user, e.details) for e in log.entries()] == [
        ("export", "wang", {"view": "zmd_etdz-sections-2024", "what": "zmd_etdz-sections-2024.xlsx"})]
