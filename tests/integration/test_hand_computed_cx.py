"""Chatwoot's report figures against values computed by hand, on DuckDB and on PostgreSQL.

tests/fixtures/hand_computed_cx/chatwoot.ndjson holds the webhook deliveries
of six conversations, field for field in the shapes Chatwoot sends
(docs/webhook_payloads.md): conversation bodies without an `account`,
`waiting_since` 0 when nobody waits, `first_reply_created_at` as an ISO
string, `messages[]` with the last public message, the CSAT survey as a
`template` message of `input_csat` rated by `message_updated`, one activity
message (which Chatwoot never sends, and which changes nothing), a delivery
repeated and one arriving out of order. It is loaded with the real loader
(`--account-id 7`, as the endpoint that received them would know it) next to
five Shopify customers (tests/fixtures/hand_computed_cx/shopify_customers.ndjson,
one deleted), and built with as_of_date pinned to 2026-06-10 (a Wednesday;
the as-of moment is the end of that day in America/Los_Angeles, 2026-06-11
07:00 UTC). Working hours are the seed's default, Monday to Friday 08:00 to
17:00 Pacific (PDT, UTC-7, in June). Every expected number below is worked out
by hand from the fixture, in the comments; none is copied from a run.

- 101, website chat (bot first), medium: created Mon 06-08 16:00Z pending, the
  bot answers at 16:00:05, hands off at 16:12; Dana answers at 16:30; the
  contact asks again at 16:40 and Dana answers at 16:52; resolved at 17:00;
  CSAT survey at 17:00:01, rated 2 at 17:20; the next day at 15:00 the contact
  writes (resolved -> pending; that event arrives after the next one), the bot
  answers at 15:00:05, hands off at 15:05, Dana answers at 15:25; resolved at
  16:00; the contact changes the rating to 4 at 16:30.
- 102, website chat, no priority: created Wed 06-10 12:00Z, answered by the bot
  and a private note only, still pending.
- 103, e-mail, urgent: created Wed 06-10 20:00Z, nobody has answered.
- 104, e-mail, medium: created Fri 06-05 23:30Z (16:30 PDT), answered Mon 06-08
  15:45Z (08:45 PDT), resolved 17:00Z (10:00 PDT), rated 5 at 18:00Z.
- 105, e-mail, low: created Tue 06-09 17:00Z, answered 17:10, resolved 17:30,
  rated 2 at 19:00.
- 106, e-mail, low: created 2026-05-20, rated 3 that day.
"""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from conftest import pg_connect
from helpers import ROOT, dbt, python_script, run

pytestmark = pytest.mark.slow  # a whole-project build of its own fixture, on each engine

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "hand_computed_cx"
AS_OF = "2026-06-10"
VARS = f"{{as_of_date: '{AS_OF}'}}"
COLUMNS = (
    "chatwoot_conversation_id", "chatwoot_account_id", "status", "shopify_customer_id", "shopify_customer_match",
    "response_clock_started_at", "first_response_time_minutes", "first_response_business_minutes",
    "is_sla_breach", "avg_reply_time_minutes", "resolution_time_minutes", "resolution_business_minutes",
    "reopen_count", "csat_rating", "message_count", "incoming_message_count", "is_escalated", "is_open_escalation",
)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


EXPECTED = {
    101: {
        "chatwoot_account_id": 7, "status": "resolved",
        # the contact's custom attribute (its e-mail is also 6101's)
        "shopify_customer_id": 6101, "shopify_customer_match": "custom_attribute",
        # Chatwoot times the first response from the handoff: 16:12 -> 16:30 = 18 minutes (30 from the creation)
        "response_clock_started_at": utc("2026-06-08 16:12:00"), "first_response_time_minutes": Decimal("18.0"),
        # 09:12 -> 09:30 PDT, inside Monday's 08:00-17:00
        "first_response_business_minutes": Decimal("18.0"), "is_sla_breach": False,  # 18 of 240 minutes
        # timed replies: 16:40 -> 16:52 = 12 minutes; the next day the bot's answer at 15:00:05 ended the wait of
        # 15:00, the handoff at 15:05 started one, 15:05 -> 15:25 = 20 minutes. (12 + 20) / 2 = 16.0; the first
        # reply (16:30) is the first response, left out as Chatwoot leaves it out
        "avg_reply_time_minutes": Decimal("16.0"),
        # created Mon 16:00Z, latest resolution Tue 16:00Z: 24 h = 1440 minutes
        "resolution_time_minutes": Decimal("1440.0"),
        # Mon 09:00-17:00 PDT = 480 + Tue 08:00-09:00 = 60
        "resolution_business_minutes": Decimal("540.0"),
        "reopen_count": 1, "csat_rating": 4,  # rated 2, then 4
        # 1001-1009 (the survey is a message; the activity message 1099 is not counted, the repeated 1001 once);
        # incoming 1001, 1004, 1007
        "message_count": 9, "incoming_message_count": 3,
        "is_escalated": False, "is_open_escalation": False,
    },
    102: {
        "chatwoot_account_id": 7, "status": "pending", "shopify_customer_id": None, "shopify_customer_match": None,
        # no agent answered: the bot's message and the private note are no response
        "response_clock_started_at": utc("2026-06-10 12:00:00"), "first_response_time_minutes": None,
        "first_response_business_minutes": None,
        # waited 12:00Z -> 07:00Z the next day = 19 h = 1140 of its 1440 minutes (no priority)
        "is_sla_breach": False, "avg_reply_time_minutes": None,
        "resolution_time_minutes": None, "resolution_business_minutes": None, "reopen_count": 0, "csat_rating": None,
        "message_count": 3, "incoming_message_count": 1,  # 1010, 1011 (bot), 1012 (note)
        "is_escalated": False, "is_open_escalation": False,
    },
    103: {
        "chatwoot_account_id": 7, "status": "open",
        # " Ray.Miller@Example.com " trimmed and lower-cased is customer 6103's e-mail
        "shopify_customer_id": 6103, "shopify_customer_match": "email",
        "response_clock_started_at": utc("2026-06-10 20:00:00"), "first_response_time_minutes": None,
        "first_response_business_minutes": None,
        # waited 20:00Z -> 07:00Z = 11 h, past its 15 minutes
        "is_sla_breach": True, "avg_reply_time_minutes": None,
        "resolution_time_minutes": None, "resolution_business_minutes": None, "reopen_count": 0, "csat_rating": None,
        "message_count": 1, "incoming_message_count": 1,
        "is_escalated": True, "is_open_escalation": True,  # urgent, and open
    },
    104: {
        "chatwoot_account_id": 7, "status": "resolved",
        # the contact's custom attribute (6102) wins over the customer with its e-mail (6104)
        "shopify_customer_id": 6102, "shopify_customer_match": "custom_attribute",
        # Fri 23:30Z -> Mon 15:45Z = 2 d 16 h 15 min = 3855 minutes
        "response_clock_started_at": utc("2026-06-05 23:30:00"), "first_response_time_minutes": Decimal("3855.0"),
        # Fri 16:30-17:00 PDT = 30 + Mon 08:00-08:45 = 45 (the weekend is closed)
        "first_response_business_minutes": Decimal("75.0"),
        "is_sla_breach": True, "avg_reply_time_minutes": None,  # 3855 of 240 minutes; one reply only
        # Fri 23:30Z -> Mon 17:00Z = 2 d 17 h 30 min = 3930 minutes; business 30 + Mon 08:00-10:00 = 120
        "resolution_time_minutes": Decimal("3930.0"), "resolution_business_minutes": Decimal("150.0"),
        "reopen_count": 0, "csat_rating": 5,
        "message_count": 3, "incoming_message_count": 1,  # 1014, 1015, 1016 (survey)
        "is_escalated": True, "is_open_escalation": False,  # an SLA breach, but resolved
    },
    105: {
        "chatwoot_account_id": 7, "status": "resolved",
        # its e-mail is customer 6105's, deleted in Shopify: no match
        "shopify_customer_id": None, "shopify_customer_match": None,
        "response_clock_started_at": utc("2026-06-09 17:00:00"), "first_response_time_minutes": Decimal("10.0"),
        "first_response_business_minutes": Decimal("10.0"),  # 10:00-10:10 PDT
        "is_sla_breach": False, "avg_reply_time_minutes": None,
        "resolution_time_minutes": Decimal("30.0"), "resolution_business_minutes": Decimal("30.0"),
        "reopen_count": 0, "csat_rating": 2, "message_count": 3, "incoming_message_count": 1,
        "is_escalated": False, "is_open_escalation": False,
    },
}


def _rows(cursor, query: str) -> list[dict]:
    cursor.execute(query)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


class _DuckCursor:
    def __init__(self, con):
        self.con = con
        self.result = None

    def execute(self, query):
        self.result = self.con.execute(query)

    @property
    def description(self):
        return self.result.description

    def fetchall(self):
        return self.result.fetchall()


def _load(env: dict, target: str) -> None:
    python_script("load_webhooks.py", "--source", "shopify", "--target", target,
                  str(FIXTURES / "shopify_customers.ndjson"), env=env)
    python_script("load_webhooks.py", "--source", "chatwoot", "--target", target, "--account-id", "7",
                  str(FIXTURES / "chatwoot.ndjson"), env=env)


@pytest.fixture(scope="module")
def duckdb_fixture(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hand_computed_cx")
    env = {"HOTROD_CI_DUCKDB_PATH": str(tmp / "ci.duckdb")}
    _load(env, "ci")
    dbt(["build", "--target", "ci", "--vars", VARS], env=env, target_path=tmp / "target")
    con = duckdb.connect(env["HOTROD_CI_DUCKDB_PATH"], read_only=True)
    yield _DuckCursor(con), "main", "staging"
    con.close()


@pytest.fixture(scope="module")
def postgres_fixture(pg_server, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hand_computed_cx_pg")
    database = "hotrod_cx_fixture"
    pg_server.superuser_sql(f"drop database if exists {database}", database="postgres")
    pg_server.superuser_sql(f"create database {database} owner {pg_server.env()['PGUSER']}", database="postgres")
    env = {**pg_server.env(), "PGDATABASE": database}
    dbt(["run-operation", "create_test_roles", "--target", "pg"], env=env, target_path=tmp / "roles")
    _load(env, "pg")
    run([str(ROOT / "scripts" / "build_prod"), "--target", "pg", "--vars", VARS], env=env)
    con = pg_connect(env)
    yield con.cursor(), "public", "staging"
    con.close()


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def built(request):
    return request.getfixturevalue(f"{request.param}_fixture")


def test_cx_conversations_show_chatwoots_figures(built):
    cursor, serving, _ = built
    rows = {r["chatwoot_conversation_id"]: r for r in _rows(
        cursor, f"select {', '.join(COLUMNS)} from {serving}.cx_conversations order by chatwoot_conversation_id")}
    assert sorted(rows) == [101, 102, 103, 104, 105, 106]
    for conversation, expected in EXPECTED.items():
        actual = {k: v for k, v in rows[conversation].items() if k in expected}
        if actual["response_clock_started_at"] is not None:
            actual["response_clock_started_at"] = actual["response_clock_started_at"].astimezone(timezone.utc)
        assert actual == expected, conversation


def test_kpi_summary_counts_the_tile_and_scores_csat(built):
    cursor, serving, _ = built
    (summary,) = _rows(cursor, f"select open_cx_escalations, open_sla_breaches, csat_score_7d, csat_responses_7d, "
                               f"csat_score_30d, csat_responses_30d from {serving}.v_kpi_summary")
    # open escalations: 103 (urgent, open); 102 is pending but not escalated, 104 escalated but resolved
    tile = [r["chatwoot_conversation_id"] for r in _rows(cursor, f"select * from {serving}.v_cx_escalations")]
    assert tile == [103]
    assert (summary["open_cx_escalations"], summary["open_sla_breaches"]) == (1, 1)
    # ratings that arrived June 4-10: 101 4 (06-09), 104 5 (06-08), 105 2 (06-09): 2 of 3 are 4 or 5 = 66.67 %;
    # May 12 - June 10 adds 106's 3 (05-20): 2 of 4 = 50.00 %
    assert summary["csat_score_7d"] == Decimal("66.67") and summary["csat_responses_7d"] == 3
    assert summary["csat_score_30d"] == Decimal("50.00") and summary["csat_responses_30d"] == 4


def test_the_status_history_of_the_reopened_conversation(built):
    cursor, _, _ = built
    schema = "intermediate"
    rows = _rows(cursor, f"select from_status, to_status, transitioned_at, is_bot_handoff, is_reopen "
                         f"from {schema}.int_conversations__status_history where conversation_id = 101 "
                         f"order by transition_number")
    assert [(r["from_status"], r["to_status"], r["transitioned_at"].astimezone(timezone.utc), r["is_bot_handoff"],
             r["is_reopen"]) for r in rows] == [
        (None, "pending", utc("2026-06-08 16:00:00"), False, False),
        ("pending", "open", utc("2026-06-08 16:12:00"), True, False),
        ("open", "resolved", utc("2026-06-08 17:00:00"), False, False),
        # arrived after the handoff of 15:05, placed by its updated_at
        ("resolved", "pending", utc("2026-06-09 15:00:00"), False, False),
        ("pending", "open", utc("2026-06-09 15:05:00"), True, True),
        ("open", "resolved", utc("2026-06-09 16:00:00"), False, False),
    ]


def test_chatwoot_payload_facts_are_read_as_chatwoot_means_them(built):
    cursor, _, staging = built
    rows = {r["conversation_id"]: r for r in _rows(
        cursor, f"select conversation_id, account_id, waiting_since, first_reply_created_at "
                f"from {staging}.stg_chatwoot__conversations")}
    # no `account` in the conversation bodies: the account is the delivery's (--account-id 7)
    assert {r["account_id"] for r in rows.values()} == {7}
    # waiting_since 0 (nobody waits) is null, never 1970: only 103 waits (since its creation); 102's latest
    # version is the one after the bot's answer, which cleared it
    assert {c for c, r in rows.items() if r["waiting_since"] is not None} == {103}
    assert rows[103]["waiting_since"].astimezone(timezone.utc) == utc("2026-06-10 20:00:00")
    # first_reply_created_at is ISO 8601 ("2026-06-08T16:30:00.000Z")
    assert rows[101]["first_reply_created_at"].astimezone(timezone.utc) == utc("2026-06-08 16:30:00")
    assert rows[103]["first_reply_created_at"] is None
    messages = {r["message_id"]: r for r in _rows(
        cursor, f"select message_id, message_type, content_type, csat_rating, sender_type "
                f"from {staging}.stg_chatwoot__messages")}
    # the CSAT survey is a template message of input_csat, its rating from the latest message_updated
    assert (messages[1006]["message_type"], messages[1006]["content_type"], messages[1006]["csat_rating"],
            messages[1006]["sender_type"]) == ("template", "input_csat", 4, None)
    # an activity message is accepted, and no figure counts it (message_count above)
    assert messages[1099]["message_type"] == "activity"
