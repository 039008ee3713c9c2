#!/usr/bin/env python3
"""Independent check of the golden cases.

A second, deliberately separate implementation of the refund rules (domain.md, the doc
comments of src/stages/*.rs and docs/policy.md), written in Python with exact fractions
(`fractions.Fraction`, so no precision artefact can decide a rounding) and `datetime`, so
that a golden `expected` block is never just "whatever the engine printed". Standard
library only.

    python3 tests/cases/verify.py            # check every case, print mismatches
    python3 tests/cases/verify.py -v 012     # also print the hand computation of case 012*
    python3 tests/cases/verify.py --notes    # print each case's computation (for "note")

It checks, for every case with an `expected` block: refund, owed, outcome, every line
(code and amount, in order), credits, destinations (where each part lands, including the
fallback to the account balance when a payment method's refund window has closed), the
tax split, the warning codes, the timeline (approval tier, business days in total and per
phase, earliest and latest arrival dates counted on the policy's business calendar), the
document codes of the checklist and the step codes. Texts are not compared (they are read
by a human when a case is added). Exit status 1 when any case disagrees.
"""

import calendar
import json
import math
import sys
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
D = Fraction  # exact rational arithmetic: no precision artefacts at all
ZERO = D(0)
HUNDRED = D(100)

MINOR = {"JPY": 0, "KRW": 0, "VND": 0, "CLP": 0, "ISK": 0, "IQD": 0,
         "BHD": 3, "JOD": 3, "KWD": 3, "OMR": 3, "TND": 3}
UNIT_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


# ---------------------------------------------------------------- time

def parse_offset(s):
    if s in ("Z", "z"):
        return timedelta(0)
    sign = 1 if s[0] == "+" else -1
    return sign * timedelta(hours=int(s[1:3]), minutes=int(s[4:6]))


def zone(s):
    """The policy's timezone: a fixed offset, or an IANA name read from the system's tz
    database (zoneinfo), independently of the engine's built-in daylight-saving rules."""
    if s in ("Z", "z") or s[:1] in "+-":
        return timezone(parse_offset(s))
    return ZoneInfo(s)


def at_wall(naive, tz):
    """The instant of a wall-clock time in tz. A skipped time counts in the offset before
    the change (it lands later), a repeated one is its first occurrence: fold=0, which is
    what RFC 5545 and Temporal call "compatible"."""
    return naive.replace(tzinfo=tz, fold=0)


def parse_instant(s, tz):
    """RFC 3339 → aware datetime; a plain date is midnight in the policy's zone."""
    if len(s) == 10:
        return at_wall(datetime.strptime(s, "%Y-%m-%d"), tz)
    base, rest = s[:19], s[19:]
    if rest.startswith("."):
        rest = rest.lstrip(".0123456789")
    return datetime.strptime(base, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=timezone(parse_offset(rest)))


def local(t, tz):
    """Wall-clock time in the policy's zone, as a naive datetime. (Through UTC: astimezone
    to a datetime's own tzinfo returns it unchanged, even a wall time the clocks skip.)"""
    return t.astimezone(timezone.utc).astimezone(tz).replace(tzinfo=None)


def standard_local(t, tz):
    """Time on the zone's standard-time clock (no daylight saving), as a naive datetime:
    hours, minutes and seconds are counted as they elapse."""
    aware = t.astimezone(timezone.utc).astimezone(tz)
    offset = aware.utcoffset() - (aware.dst() or timedelta(0))
    return (t.astimezone(timezone.utc) + offset).replace(tzinfo=None)


def add_months(dt, n):
    """Calendar months; a day past the month's end clamps to it (Jan 31 + 1 = Feb 28/29)."""
    y, m = divmod(dt.month - 1 + n, 12)
    y += dt.year
    m += 1
    last = [31, 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28,
            31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    return dt.replace(year=y, month=m, day=min(dt.day, last))


def secs(a, b):
    return int((b - a).total_seconds())


def months_between(a, b):
    """Whole calendar months from a to b plus the fraction of the month in progress
    (negative when b is before a: clock positions count from 1970, and orders may be older)."""
    k = (b.year - a.year) * 12 + b.month - a.month
    while add_months(a, k) > b:
        k -= 1
    while add_months(a, k + 1) <= b:
        k += 1
    last, nxt = add_months(a, k), add_months(a, k + 1)
    return D(k) + D(secs(last, b)) / D(secs(last, nxt))


def days_360(a, b):
    """30E/360 (the engine's and docs/policy.md's convention): day 31 counts as the 30th,
    at the start and at the end alike."""
    d1, d2 = min(a.day, 30), min(b.day, 30)
    return (b.year - a.year) * 360 + (b.month - a.month) * 30 + (d2 - d1)


def rnd(x, how):
    if how == "up":
        return D(math.ceil(x))
    if how == "down":
        return D(math.floor(x))
    return x


def span(a, b, unit, day_count="actual"):
    """Exact length from local time a to local time b, in units."""
    if unit == "month":
        return months_between(a, b)
    if unit == "day" and day_count == "30/360":
        # In a 31-day month the clock stands still on the 30th and runs on the 31st, whose
        # midnight is the 30th's: time never runs backwards (docs 3.3.1).
        def tod(t):
            if t.day == 30 and calendar.monthrange(t.year, t.month)[1] == 31:
                return 0
            return t.hour * 3600 + t.minute * 60 + t.second
        return D(days_360(a.date(), b.date())) + D(tod(b) - tod(a)) / D(86400)
    return D(secs(a, b)) / D(UNIT_SECONDS[unit])


EPOCH = datetime(1970, 1, 1)


def measure(m, frm, to, tz, term=False):
    """Time from frm to to in the policy's unit. With the start anchor, units count from
    frm and the end rounding applies to the last partial unit. With the clock anchor both
    instants snap to the clock grid (hours at :00, days at midnight, months on the 1st):
    the start by the start rounding, the end by the end rounding. A term (start to end of
    the order) is the exact number of units from frm to to, anchored at frm, whatever the
    anchor and the roundings (docs/policy.md 3.3.1: rounding and the clock grid apply to
    the time used only, so a 10:30 start's 30-day term is 720 hours and a term from the
    30th of May to the 30th of June is one month, not 1 + 29/30 − 29/31 of the grid)."""
    if to <= frm:
        return ZERO
    unit, day_count = m["unit"], m["dayCount"]
    if observes_dst(tz) and unit in ("day", "month"):
        # Where the clocks change (3.3.1): whole days and months on the wall clock, the one
        # in progress as the elapsed share of its real length; 30/360 days likewise.
        pos = lambda origin, t: (span_360_dst(origin, t, tz) if unit == "day" and day_count == "30/360"
                                 else calendar_span(origin, t, unit, tz))
        if term:
            return max(ZERO, pos(frm, to))
        if m["anchor"] == "start":
            return max(ZERO, rnd(pos(frm, to), m["end"]))
        return max(ZERO, rnd(pos(None, to), m["end"]) - rnd(pos(None, frm), m["start"]))
    # Days and months on the wall clock, shorter units as they elapse.
    clock = local if unit in ("day", "month") else standard_local
    a, b = clock(frm, tz), clock(to, tz)
    if term:
        return max(ZERO, span(a, b, unit, day_count))
    if m["anchor"] == "start":
        return max(ZERO, rnd(span(a, b, unit, day_count), m["end"]))
    pa = rnd(span(EPOCH, a, unit, day_count), m["start"])
    pb = rnd(span(EPOCH, b, unit, day_count), m["end"])
    return max(ZERO, pb - pa)


def observes_dst(tz):
    return isinstance(tz, ZoneInfo) and any(
        datetime(2026, m, 1, tzinfo=tz).dst() for m in (1, 7))


def utc(t):
    return t.astimezone(timezone.utc)


def calendar_span(origin, t, unit, tz):
    """Days or months from origin (None: the local epoch) to t in a zone with daylight
    saving time: whole units on the wall clock, and the unit in progress as the share of its
    real (elapsed) length that has passed."""
    lo = local(origin, tz) if origin is not None else EPOCH
    lt = local(t, tz)

    def anniversary(k):
        if k == 0 and origin is not None:
            return utc(origin)
        naive = add_months(lo, k) if unit == "month" else lo + timedelta(days=k)
        return utc(at_wall(naive, tz))

    whole = math.floor(months_between(lo, lt)) if unit == "month" else (lt - lo).days
    t = utc(t)
    last = anniversary(whole)
    while last > t:
        whole -= 1
        last = anniversary(whole)
    nxt = anniversary(whole + 1)
    while nxt <= t:
        whole, last = whole + 1, nxt
        nxt = anniversary(whole + 1)
    return D(whole) + D(secs(last, t)) / D(secs(last, nxt))


def span_360_dst(origin, t, tz):
    """30E/360 days where the clocks change: the day's share is elapsed over its real length,
    and the 30th of a 31-day month stands still."""
    def share(x):
        lx = local(x, tz)
        if lx.day == 30 and calendar.monthrange(lx.year, lx.month)[1] == 31:
            return ZERO
        midnight = utc(at_wall(datetime(lx.year, lx.month, lx.day), tz))
        nxt = utc(at_wall(datetime(lx.year, lx.month, lx.day) + timedelta(days=1), tz))
        return D(secs(midnight, utc(x))) / D(secs(midnight, nxt))
    lt = local(t, tz)
    if origin is None:
        return D(days_360(EPOCH.date(), lt.date())) + share(t)
    lo = local(origin, tz)
    return D(days_360(lo.date(), lt.date())) + share(t) - share(origin)


# ---------------------------------------------------------------- money

def q(x, minor, mode):
    """Round to the minor unit: half_up (half away from zero), half_even, down (toward 0)."""
    s = x * 10 ** minor
    if mode == "half_up":
        n = int(math.floor(abs(s) + D(1, 2))) * (1 if s >= 0 else -1)
    elif mode == "half_even":
        n = round(s)
    else:
        n = int(s)  # truncates toward zero
    return D(n, 10 ** minor)


def round_parts(exact, target, minor, mode):
    """Round each part; hand leftover minor units one at a time to the part whose rounding
    moved it furthest the other way (earliest on ties)."""
    parts = [q(e, minor, mode) for e in exact]
    step = D(1, 10 ** minor)
    left = target - sum(parts, ZERO)
    while left != 0:
        up = left > 0
        errs = [(e - r) if up else (r - e) for e, r in zip(exact, parts)]
        i = errs.index(max(errs))
        parts[i] += step if up else -step
        left += -step if up else step
    return parts


def fmt(x, minor):
    """The wire form of an amount already on the minor-unit grid, e.g. "-3945.21"."""
    r = q(x, minor, "half_up")
    return str((Decimal(r.numerator) / Decimal(r.denominator)).quantize(Decimal(1).scaleb(-minor)) + 0)


def show(x, dp=6):
    """A figure for the trace: exact when it has few decimals, else rounded with '…'."""
    x = D(x)
    for k in range(dp + 1):
        if (x * 10 ** k).denominator == 1:
            return str(Decimal(x.numerator * 10 ** k // x.denominator).scaleb(-k))
    return str(Decimal(round(x * 10 ** dp)).scaleb(-dp)) + "…"


def dec(v):
    return D(str(v))


# ---------------------------------------------------------------- policy

def resolve_plan(policy, plan_id):
    plan = next(p for p in policy["plans"] if p["id"] == plan_id)
    rules = dict(policy.get("rules", {}))
    rules.update(plan.get("rules", {}))  # a plan's section replaces the policy's section
    return plan, rules


def term_months(plan):
    return plan["term"].get("months")


def end_of_term(start, plan, tz):
    t = plan["term"]
    if "months" in t:
        return at_wall(add_months(local(start, tz), t["months"]), tz)
    if "days" in t:
        return at_wall(local(start, tz) + timedelta(days=t["days"]), tz)  # calendar days
    return start + timedelta(hours=t["hours"])


# ---------------------------------------------------------------- timeline and checklist

# Without a `timeline` section: one approval tier for every amount, and the payout rails
# of domain.md section 9 (card 5–10 business days, Alipay immediate to next day, WeChat
# Pay minutes to 3 days, bank transfer 1–5 days (domestic: no intermediary fees unless the
# policy says so), PayPal 3–5, balance 0).
DEFAULT_APPROVAL = [{"tier": "automatic", "businessDays": [1, 3]}]
DEFAULT_PAYOUT = {
    "card": {"businessDays": [5, 10]},
    "alipay": {"businessDays": [0, 1]},
    "wechat_pay": {"businessDays": [0, 3]},
    "bank_transfer": {"businessDays": [1, 5]},  # domestic unless the policy says it crosses borders
    "paypal": {"businessDays": [3, 5]},
    "balance": {"businessDays": [0, 0]},
}
# Without a `documents` section: the checklist of domain.md section 10.
DEFAULT_DOCUMENTS = [
    {"code": "account_screenshot"},
    {"code": "bill_screenshot"},
    {"code": "invoice_reversal", "when": {"invoiced": True}},
    {"code": "fault_evidence", "when": {"reasons": ["provider_fault"]}},
    {"code": "communication_records", "when": {"reasons": ["provider_fault", "dissatisfied"]}},
    {"code": "duplicate_orders", "when": {"reasons": ["duplicate_purchase"]}},
    {"code": "bank_details", "when": {"paymentMethods": ["bank_transfer"], "destinations": ["original_method"]}},
]
BUILTIN_DOCUMENTS = [d["code"] for d in DEFAULT_DOCUMENTS]
STEPS = ["check_status", "read_terms", "submit_request", "wait_for_review", "confirm_receipt"]


class Calendar:
    """Business days: Monday to Friday unless listed as a holiday; a listed make-up
    working day (a Saturday or Sunday worked in exchange for a bridge day) counts too."""

    def __init__(self, section):
        section = section or {}
        self.holidays = {date.fromisoformat(d) for d in section.get("holidays", [])}
        self.workdays = {date.fromisoformat(d) for d in section.get("workdays", [])}

    def covers(self, d):
        """False after the last year that lists a holiday or a make-up day."""
        listed = self.holidays | self.workdays
        return not listed or d.year <= max(x.year for x in listed)

    def works(self, d):
        if d in self.workdays:
            return True
        if d in self.holidays:
            return False
        return d.weekday() < 5

    def add(self, start, n):
        """n business days after start: counting begins the next day; n = 0 is start."""
        d = start
        while n > 0:
            d += timedelta(days=1)
            if self.works(d):
                n -= 1
        return d

    def why(self, start, n):
        """The count spelled out for the trace, e.g. '+6 → Sat 2026-02-28 (skips holidays
        02-15, …, 02-23; counts make-up working days Sat 02-14, Sat 02-28)'."""
        d, skipped, worked_weekend = start, [], []
        left = n
        while left > 0:
            d += timedelta(days=1)
            if self.works(d):
                left -= 1
                if d.weekday() >= 5:
                    worked_weekend.append(d)
            elif d in self.holidays:
                skipped.append(d)
        extra = []
        if skipped:
            extra.append("skips holidays " + ", ".join(f"{x:%m-%d}" for x in skipped))
        if worked_weekend:
            extra.append("counts make-up working days " + ", ".join(f"{x:%a %m-%d}" for x in worked_weekend))
        return f"+{n} → {d:%a %Y-%m-%d}" + (f" ({'; '.join(extra)})" if extra else "")


def provisional_through(policy, start, end, warnings):
    """Business days counted from start to end through a year the calendar only projects
    (`calendar.provisional`): said once."""
    years = (policy.get("calendar") or {}).get("provisional", [])
    if any(start.year <= y <= end.year for y in years) and "calendar_provisional" not in warnings:
        warnings.append("calendar_provisional")


def payout_rails(policy):
    """The payout table: the defaults, each method replaced by the policy's entry."""
    rails = dict(DEFAULT_PAYOUT)
    rails.update((policy.get("timeline") or {}).get("payout", {}))
    return rails


def window_closes(w, anchor, tz, policy):
    """When a window opened at `anchor` closes (that instant still inside), in UTC: N
    days later at the same wall-clock time, or N hours; with `counting: calendar_days`
    (Civil Code arts. 201 and 203) at 24:00 of the Nth day after the opening day, and with
    `endsOnBusinessDay` a last day off work moves to the next business day."""
    if w.get("counting") == "calendar_days":
        last = local(anchor, tz).date() + timedelta(days=w["days"])
        if w.get("endsOnBusinessDay"):
            cal = Calendar(policy.get("calendar"))
            while not cal.works(last):
                last += timedelta(days=1)
        return utc(at_wall(datetime.combine(last + timedelta(days=1), datetime.min.time()), tz))
    if "days" in w:
        return utc(at_wall(local(anchor, tz) + timedelta(days=w["days"]), tz))
    return utc(anchor) + timedelta(hours=w["hours"])


def submitted_on(req, tz):
    if "submittedOn" in req:
        return date.fromisoformat(req["submittedOn"])
    return local(parse_instant(req["at"], tz), tz).date()


def timeline(policy, order, req, methods, dests, tz, trace, warnings):
    """Approval by the amount paid out (refund and SLA credits: one review), adjusted for
    the reason; the refund's payout by the slowest and fastest rail among its destinations,
    the SLA credit's apart on the balance rail; dates on the policy's business calendar."""
    tl = policy.get("timeline") or {}
    paid_out = [(to, a) for to, a in dests if to != "forfeited"]
    amount = sum((a for _, a in paid_out), ZERO)
    refund_parts = [(to, a) for to, a in paid_out if to != "sla_credit"]
    credit_parts = [(to, a) for to, a in paid_out if to == "sla_credit"]
    none = {"approval": "none", "businessDays": [0, 0], "earliest": "", "latest": "", "phases": []}
    if amount == 0:
        trace.append("nothing paid out: timeline none")
        return none
    tiers = tl.get("approval", DEFAULT_APPROVAL)
    tier = next(t for t in tiers if "upTo" not in t or amount <= dec(t["upTo"]))
    lo, hi = tier["businessDays"]
    reason = req.get("reason", "other")
    adj = next((r["businessDays"] for r in tl.get("reasons", []) if r["reason"] == reason), None)
    why = f"{show(amount)} paid out → {tier['tier']} {lo}–{hi}"
    if adj:
        lo, hi = max(0, lo + adj[0]), max(0, hi + adj[1])
        lo, hi = min(lo, hi), max(lo, hi)
        why += f", {reason} {adj[0]:+d}/{adj[1]:+d} → {lo}–{hi}"
    # Named conditions that make the review longer, each said in a warning.
    refund = sum((a for _, a in refund_parts), ZERO)
    for ext in tl.get("extensions", []):
        if holds(ext.get("when", {}), order, req, refund, {"account_credit" if t == "sla_credit" else t for t, _ in paid_out}):
            lo, hi = lo + ext["businessDays"][0], hi + ext["businessDays"][1]
            warnings.append("review_longer")
            why += f", {ext['code']} +{ext['businessDays'][0]}/+{ext['businessDays'][1]} → {lo}–{hi}"
    rails = payout_rails(policy)
    cal = Calendar(policy.get("calendar"))
    start = submitted_on(req, tz)
    out = dict(none)
    if refund_parts:
        # The rails of the refund's parts: each order's cash on its own method's.
        used = sorted((set(methods) if any(to == "original_method" for to, _ in refund_parts) else set())
                      | {"balance" for to, _ in refund_parts if to != "original_method"},
                      key=lambda m: list(DEFAULT_PAYOUT).index(m))
        plo = min(rails[m]["businessDays"][0] for m in used)
        phi = max(rails[m]["businessDays"][1] for m in used)
        why += f"; payout {'/'.join(used)} {plo}–{phi}"
        total = [lo + plo, hi + phi]
        early, late = cal.add(start, total[0]), cal.add(start, total[1])
        why += (f"; {total[0]}–{total[1]} business days from {start:%a %Y-%m-%d}: "
                f"{cal.why(start, total[0])}, {cal.why(start, total[1])}")
        out = {"approval": tier["tier"], "businessDays": total, "earliest": early.isoformat(),
               "latest": late.isoformat(), "phases": [("approval", [lo, hi]), ("payout", [plo, phi])]}
    else:
        why += "; no refund to pay out"
    if credit_parts:
        blo, bhi = rails["balance"]["businessDays"]
        days = [lo + blo, hi + bhi]
        early, late = cal.add(start, days[0]), cal.add(start, days[1])
        why += f"; SLA credit on the balance rail {blo}–{bhi}: {days[0]}–{days[1]} → {early}, {late}"
        out["credit"] = {"businessDays": days, "earliest": early.isoformat(), "latest": late.isoformat()}
    trace.append(why)
    return out


def holds(w, order, req, refund, landed):
    """A `when` condition (documents, timeline extensions): every part given holds."""
    if w.get("reasons") and req.get("reason", "other") not in w["reasons"]:
        return False
    if w.get("paymentMethods") and order.get("paymentMethod", "card") not in w["paymentMethods"]:
        return False
    if "invoiced" in w and w["invoiced"] != bool(order.get("invoiced", False)):
        return False
    if "minRefund" in w and refund < dec(w["minRefund"]):
        return False
    # `destinations`: some money lands at one of them (e.g. a wire back to the bank).
    if w.get("destinations") and not any(to in landed for to in w["destinations"]):
        return False
    if "paymentMethodValid" in w and w["paymentMethodValid"] != order.get("paymentMethodValid", True):
        return False
    return True


def documents(policy, order, req, refund, landed):
    """The checklist: each rule whose conditions all hold (an absent condition holds)."""
    rules = policy["documents"] if "documents" in policy else DEFAULT_DOCUMENTS
    return [rule["code"] for rule in rules if holds(rule.get("when", {}), order, req, refund, landed)]


# ---------------------------------------------------------------- the estimate

class Est:
    def __init__(self):
        self.lines = []      # (code, exact amount)
        self.credits = []
        self.warnings = []
        self.trace = []
        self.ineligible = False
        self.whole = False
        self.to_balance = False
        self.vouchers_back = False
        self.whole_kind = None  # 'cooling_off' or 'full' (never activated, not started)
        self.runs_to_end = False  # cancelling stops the renewal; the service runs to the end

    def add(self, code, amount, why=None):
        self.lines.append((code, amount))
        if why:
            self.trace.append(why)

    def total(self):
        return sum((a for _, a in self.lines), ZERO)


def estimate(inp):
    """The estimate of an input: every order settled together (`settleWith`, docs 3.14)
    through its own stages, then the whole settled once."""
    policy = inp.get("policy") or json.loads((ROOT / "policies/default.json").read_text())
    req = inp["request"]
    orders = [inp["order"]] + inp.get("settleWith", [])
    return settle(policy, req, [order_stages(policy, o, req) for o in orders])


def order_stages(policy, order, req):
    """One order's stages, from eligibility to the offsets: its lines and what settle needs."""
    tz = zone(policy.get("timezone", "Z"))
    cur = policy["currency"]
    minor = MINOR.get(cur, 2)
    mode = policy.get("rounding", "half_up")
    tax = policy.get("tax")
    plan, rules = resolve_plan(policy, order["plan"])
    billing = plan.get("billing", "prepaid")
    tm = term_months(plan)

    def gross(price):
        if tax and not tax.get("inclusive", True):
            return price * (HUNDRED + dec(tax["rate"])) / HUNDRED
        return price

    start = parse_instant(order["start"], tz)
    end = parse_instant(order["end"], tz) if "end" in order else end_of_term(start, plan, tz)
    at = parse_instant(req["at"], tz)
    at_in = min(at, end)
    # Order money is as paid: a plan's prices get tax when the policy's exclude it.
    # A renewal carries no setup fee by default (the service is already set up).
    if order.get("setupFee") is not None:
        setup = dec(order["setupFee"])
    elif order.get("renewal"):
        setup = ZERO
    else:
        setup = q(gross(dec(plan.get("setupFee", "0"))), minor, mode)
    if order.get("paid") is not None:
        paid = {k: dec(order["paid"].get(k, "0")) for k in ("cash", "credit", "voucher")}
    else:
        # No `paid`: the list price of one term (one month's bill if billed monthly) + setup.
        if plan.get("billing") == "monthly":
            term_price = dec(plan["monthlyFee"]) if "monthlyFee" in plan else dec(plan["price"]) / tm
        else:
            term_price = dec(plan["price"])
        paid = {"cash": q(gross(term_price), minor, mode) + setup, "credit": ZERO, "voucher": ZERO}
    paid_total = paid["cash"] + paid["credit"] + paid["voucher"]
    recurring = paid_total - setup
    # The refund base (docs 3.12): what was paid for the service, or the lower of that and
    # the current price (the order's, else the plan's, taxed like any policy price).
    paid_for_service = recurring
    current = None
    if rules.get("refundBase", {}).get("of", "paid") == "lower_of_paid_and_current":
        current = dec(order["currentPrice"]) if "currentPrice" in order else gross(dec(plan["currentPrice"]))
        recurring = min(recurring, current)
    usage = {k: dec(v) for k, v in order.get("usage", {}).items()}
    reason = req.get("reason", "other")
    monthly = None
    if "monthlyFee" in plan:
        monthly = gross(dec(plan["monthlyFee"]))
    elif tm:
        monthly = gross(dec(plan["price"]) / D(tm))

    e = Est()
    loc = req.get("locale")
    if loc is not None and loc.lower().replace("_", "-") not in (
            "en", "en-us", "en-gb", "zh", "zh-cn", "zh-hans", "zh-hans-cn", "zh-sg"):
        e.warnings.append("unknown_locale")

    def whole_months(upto):
        m = months_between(local(start, tz), local(upto, tz)) if upto > start else ZERO
        return math.floor(m)

    def months_started():
        m = months_between(local(start, tz), local(at_in, tz)) if at_in > start else ZERO
        return min(math.ceil(m), tm or 10**9)

    # 1. eligibility
    e.add("paid", paid_total, f"paid {show(paid_total)}" + ("" if paid["cash"] == paid_total else " = " + " + ".join(
        f"{show(paid[k])} {k}" for k in paid if paid[k])))
    el = rules.get("eligibility", {})
    # In this order: blockers (trial, frozen, a transaction in progress) refuse everything;
    # a never-activated resource comes back whole; then promotion and invoice rules; then a
    # renewal not yet started.
    blockers = el.get("blockers") if el.get("blockers") is not None else ["trial", "frozen", "pending_transaction"]
    blocked = [b for b, field in (("trial", "trial"), ("frozen", "frozen"), ("pending_transaction", "pendingTransaction"))
               if order.get(field) and b in blockers]
    if blocked:
        e.add("not_refundable", -paid_total, f"blocked: {blocked[0]}")
        e.ineligible = True
    elif order.get("activated", True) is False and el.get("neverActivated", "full") == "full":
        e.add("whole_refund", ZERO, "never activated: everything back, vouchers included")
        e.whole, e.whole_kind, e.vouchers_back = True, "full", True
    elif order.get("promotion") and el.get("promotion") == "not_refundable":
        e.add("not_refundable", -paid_total, "promotion orders are not refundable")
        e.ineligible = True
    elif order.get("invoiced") and el.get("invoiced") == "block":
        e.add("not_refundable", -paid_total, "invoiced orders cannot be refunded")
        e.ineligible = True
    else:
        if order.get("invoiced") and el.get("invoiced") == "balance":
            e.to_balance = True
            e.warnings.append("invoiced_to_balance")
        if order.get("renewal") and at < start and el.get("notStarted", "full") == "full":
            e.add("whole_refund", ZERO, "renewal not started: everything back, vouchers included")
            e.whole, e.whole_kind, e.vouchers_back = True, "full", True

    # 2. cooling-off
    co = rules.get("coolingOff")
    if co and not e.ineligible and not e.whole:
        # From the purchase, or from the activation when the policy says so and the order
        # gives it; any instant between the purchase and the activation is inside. Days are
        # calendar days in the policy's zone, hours are hours.
        anchor = start
        if co.get("from") == "activation" and "activatedAt" in order:
            anchor = parse_instant(order["activatedAt"], tz)
        elapsed = secs(anchor, at)
        closes = window_closes(co, anchor, tz, policy)
        if secs(start, at) >= 0 and utc(at) <= closes:
            if order.get("renewal") and not co.get("renewals"):
                e.warnings.append("cooling_off_not_for_renewals")
            elif "quota" in co and order.get("coolingOffUsed", 0) >= co["quota"]:
                e.warnings.append("cooling_off_quota_used")
            elif co.get("requireUnused") and any(v != 0 for v in usage.values()):
                e.warnings.append("cooling_off_requires_unused")
            else:
                e.add("cooling_off", ZERO, f"cancelled {show(D(elapsed, 3600))} h after the start, within the window closing {closes:%Y-%m-%d %H:%M}Z: the payment comes back")
                v = paid["voucher"]
                rule = co.get("vouchers", "forfeit")
                if rule in ("forfeit", "proportional") and v:
                    e.add("voucher", -v, f"the {show(v)} vouchers are kept")
                elif rule == "refund":
                    e.vouchers_back = True
                e.whole, e.whole_kind = True, "cooling_off"

    # 2b. what cancelling does (docs 3.9): a plan not refundable refuses the order; one kept
    # to the end of the term keeps the payment, and SLA credits and unpaid charges apply.
    # With a refund window the refund rules apply within it (its last instant included,
    # and before it opens), and nothing comes back after it.
    canc = rules.get("cancellation", {})
    keep = canc.get("refund", "rules") == "none"
    if canc.get("refund") == "within_window":
        w = canc["window"]
        anchor = start
        if w.get("from") == "activation" and "activatedAt" in order:
            anchor = parse_instant(order["activatedAt"], tz)
        closes = window_closes(w, anchor, tz, policy)
        keep = utc(at) > closes
        e.trace.append(f"refund window closes {local(closes, tz):%Y-%m-%d %H:%M:%S}: cancelled "
                       + ("after it, nothing back" if keep else "within it, the refund rules apply"))
    if not e.ineligible and not e.whole and keep:
        if canc.get("serviceEnds") == "end_of_term":
            e.add("end_of_term", -paid_total, f"cancelling stops the renewal: service to {local(end, tz):%Y-%m-%d}, {show(paid_total)} kept")
            e.runs_to_end = True
        else:
            e.add("not_refundable", -paid_total, "the plan is not refundable")
            e.ineligible = True

    if current is not None and not (e.ineligible or e.whole or e.runs_to_end):
        e.add("lower_price", recurring - paid_for_service,
              f"refund base: the lower of paid {show(paid_for_service)} and current {show(current)} = {show(recurring)}")

    nr = rules.get("nonRefundable", {})
    decided = e.ineligible or e.whole or e.runs_to_end
    cons = rules.get("consumed", {})
    m = {"unit": cons.get("unit", "second"), "anchor": cons.get("anchor", "start"),
         "start": cons.get("startRounding", "exact"), "end": cons.get("endRounding", "exact"),
         "dayCount": cons.get("dayCount", "actual")}
    method = cons.get("method", "pro_rata")
    as_used = cons.get("termMeasure", "exact") == "as_used"

    # 3. consumed
    if not decided:
        if at > end:
            e.warnings.append("after_end")
        consumed = None
        share = None  # (used, whole) of a pro-rata time charge; list rates re-price instead
        if billing == "postpaid" or method == "none":
            pass
        elif billing == "monthly":
            k = min(whole_months(at_in), tm - 1)  # at (or after) the end: the last billing month
            # The 0th month starts at the start itself (the clocks may show its time twice).
            month_start = lambda k: start if k == 0 else at_wall(add_months(local(start, tz), k), tz)
            # An order end on a month boundary ends the months: none starts on it.
            while k > 0 and month_start(k) >= end:
                k -= 1
            ps = month_start(k)
            pe = min(at_wall(add_months(local(start, tz), k + 1), tz), end)
            # The period is a length, measured exactly like a term (3.3.1); the time used
            # is the policy's measure from the billing month's start, and at or after the
            # term's end the last billing month is used in full (3.3.3), as is a month of
            # 0 days (30/360).
            period = measure(m, ps, pe, tz, term=not as_used)
            used = period if at >= end else min(measure(m, ps, at, tz), period)
            consumed = recurring if used >= period else recurring * used / period
            share = (used, period)
            e.trace.append(f"billing month {k + 1} ({local(ps, tz):%Y-%m-%d} to {local(pe, tz):%Y-%m-%d}): "
                           f"{show(recurring)} × {show(used)}/{show(period)} {m['unit']}s = {show(consumed)} consumed")
        elif method == "pro_rata":
            # `termMeasure: "as_used"`: the whole order on the grid of the time used (3.3.1).
            term = measure(m, start, end, tz, term=not as_used)
            # At or after the end the whole term is used, whatever the roundings (3.3.1).
            used = term if at >= end else min(measure(m, start, at, tz), term)
            consumed = recurring * used / term
            share = (used, term)
            e.trace.append(f"{show(recurring)} × {show(used)}/{show(term)} {m['unit']}s = {show(consumed)} consumed")
        else:  # list_rate
            cursor, consumed, parts = start, ZERO, []
            rates = plan["listRates"]
            for i, r in enumerate(rates):
                (unit, per), = r["per"].items()
                unit = unit[:-1]  # months → month
                clock = local if unit in ("day", "month") else standard_local  # hours elapse
                if observes_dst(tz) and unit in ("day", "month"):
                    x = calendar_span(cursor, at_in, unit, tz) / D(per) if at_in > cursor else ZERO
                else:
                    x = span(clock(cursor, tz), clock(at_in, tz), unit) / D(per) if at_in > cursor else ZERO
                x = rnd(x, m["end"]) if i == len(rates) - 1 else D(math.floor(x))
                if x == 0:
                    continue
                price = gross(dec(r["price"]))
                consumed += x * price
                parts.append(f"{show(x)} × {show(price)} per {per} {unit}")
                if i < len(rates) - 1:
                    n = int(x) * per
                    cursor = (at_wall(add_months(local(cursor, tz), n), tz) if unit == "month" and n
                              else at_wall(local(cursor, tz) + timedelta(days=n), tz) if unit == "day" and n
                              else cursor + timedelta(hours=n))
            e.trace.append(f"list rates: {' + '.join(parts) or '0'} = {show(consumed)} consumed")
        if consumed is not None:
            e.add("consumed", -consumed)
            mul = cons.get("multiplier")
            if mul:
                days = measure({"unit": "day", "anchor": "start", "start": "exact", "end": "exact",
                                "dayCount": "actual"}, start, at, tz) if at > start else ZERO
                within = mul.get("withinDays")
                f = dec(mul["factor"])
                if (within is None or days < within) and f != 1 and consumed != 0:
                    e.add("consumed_multiplier", -consumed * (f - 1),
                          f"{show(days)} days < {within}: × {show(f)}, i.e. {show(consumed)} × {show(f - 1)} = {show(consumed * (f - 1))} more")
                elif within is not None:
                    e.trace.append(f"{show(days)} days is not < {within}: no multiplier")
            # A promotion loses its discount on the time used (not the whole discount on top
            # of time charged at the promotional price): (list − paid) × used / whole.
            if share and order.get("promotion") and el.get("promotion") == "clawback":
                list_price = monthly if billing == "monthly" else gross(dec(plan["price"]))
                disc = list_price - recurring
                if disc > 0:
                    used, whole = share
                    claw = disc if used >= whole else disc * used / whole
                    e.add("promotion_clawback", -claw,
                          f"promotion discount on the time used ({show(list_price)} − {show(recurring)}) × {show(used)}/{show(whole)} = {show(claw)}")
        if cons.get("usage", True):
            for meter in plan.get("meters", []):
                if meter["id"] not in usage:
                    e.warnings.append("usage_not_reported")
                    continue
                used = usage[meter["id"]]
                if used == 0:
                    continue
                billable = max(ZERO, used - dec(meter.get("included", "0")))
                price = gross(dec(meter["unitPrice"]))
                e.add("usage", -billable * price,
                      f"{meter['id']}: max(0, {show(used)} − {meter.get('included', '0')}) × {show(price)} = {show(billable * price)}")

    # 4. fees
    fees = rules.get("fees", {})
    # Fees are waived for the listed reasons, or always under a framework contract: `true`
    # waives both, a list the fees it names.
    contract = order.get("feesWaived", False)

    def waived(line):
        by_contract = contract is True or (isinstance(contract, list) and line in contract)
        return reason in fees.get("waivedFor", []) or by_contract

    def clamp(fee, rule):
        # min and max are policy prices: taxed like every price when prices exclude tax.
        if "min" in rule and fee < gross(dec(rule["min"])):
            return gross(dec(rule["min"]))
        if "max" in rule and fee > gross(dec(rule["max"])):
            return gross(dec(rule["max"]))
        return fee

    if not decided and "handling" in fees:
        h = fees["handling"]
        pct = dec(h["percent"])
        tiers = [t for t in h.get("tiers", []) if tm and t["minTermMonths"] <= tm]
        note = ""
        if tiers:
            years = whole_months(at_in) // 12
            by = tiers[-1]["byYear"]
            pct = dec(by[min(years, len(by) - 1)])
            note = f" (contract year {years + 1} of a {tm}-month term)"
        # What is left after everything charged for use; the fee never takes more.
        used = ("consumed", "consumed_multiplier", "promotion_clawback", "usage")
        unused = max(ZERO, recurring + sum((a for c, a in e.lines if c in used), ZERO))
        base = recurring if h.get("of", "paid") == "paid" else unused
        fee = min(clamp(base * pct / HUNDRED, h), unused)
        if unused == ZERO:
            pass  # nothing left: no fee line, and no min to pay
        elif waived("handling_fee"):
            e.add("handling_fee", ZERO, f"handling fee waived ({reason}, contract {contract})")
        else:
            e.add("handling_fee", -fee, f"handling fee {show(pct)}%{note} of {show(base)} = {show(fee)}")
    if not decided and "earlyTermination" in fees:
        et = fees["earlyTermination"]
        # Before the service is delivered (activation ahead, or never activated) a clause
        # of its own may apply (docs 3.15).
        undelivered = order.get("activated", True) is False or (
            "activatedAt" in order and utc(at) < utc(parse_instant(order["activatedAt"], tz)))
        if undelivered and "beforeDelivery" in et:
            et = et["beforeDelivery"]
            e.trace.append("before delivery: the clause before delivery applies")
        used_m = months_started()
        left = (tm or 0) - used_m
        if at < end and not (tm and left == 0) and not (et.get("onlyBeforeStart") and at >= start):
            kind = et["kind"]
            if kind == "remaining_percent":
                fee = monthly * left * dec(et["percent"]) / HUNDRED
                why = f"{et['percent']}% × {show(monthly)} × {left} months left"
            elif kind == "months_of_fee":
                fee = monthly * et["months"]
                why = f"{et['months']} × {show(monthly)}"
            elif kind == "flat":
                fee = gross(dec(et["amount"]))
                why = f"flat {show(fee)}"
            elif kind == "schedule":
                fee, parts = ZERO, []
                for month in range(used_m + 1, tm + 1):
                    p = ZERO
                    for s in et["schedule"]:
                        if s["fromMonth"] <= month:
                            p = dec(s["percent"])
                    fee += monthly * p / HUNDRED
                    parts.append(p)
                groups = {}
                for p in parts:
                    groups[p] = groups.get(p, 0) + 1
                why = "months " + f"{used_m + 1}–{tm}: " + " + ".join(f"{n} × {show(monthly)} × {show(p)}%" for p, n in groups.items())
            else:  # lesser_of_discount_or_remaining
                lm = gross(dec(plan["listMonthlyPrice"]))
                disc = max(ZERO, lm - monthly) * used_m
                rem = monthly * left
                fee = min(disc, rem)
                why = f"min(discount ({show(lm)} − {show(monthly)}) × {used_m} = {show(disc)}, remaining {show(monthly)} × {left} = {show(rem)})"
            if et.get("plusSetupFee"):
                # The plan's one-time charge, less what the order paid of it and forfeits.
                kept = setup if nr.get("setupFee", "forfeit") == "forfeit" else ZERO
                one_time = max(ZERO, gross(dec(plan.get("setupFee", "0"))) - kept)
                fee += one_time
                why += f" + one-time charge {show(one_time)}"
            fee = clamp(fee, et)
            if waived("early_termination_fee"):
                e.add("early_termination_fee", ZERO, f"early-termination fee waived ({reason}, contract {contract})")
            else:
                e.add("early_termination_fee", -fee, f"early termination ({used_m} month(s) started, {left} left): {why} = {show(fee)}")

    # 5. non-refundable
    if not decided:
        if nr.get("setupFee", "forfeit") == "forfeit" and setup:
            e.add("setup_fee", -setup, f"setup fee {show(setup)} forfeited")
        pf = nr.get("processingFee")
        method = order.get("paymentMethod", "card")
        all_processed = ["card", "alipay", "wechat_pay", "bank_transfer", "paypal"]
        processed = (pf.get("methods") if pf.get("methods") is not None else all_processed) if pf else []
        if pf and method in processed:
            # What the processor kept: cash × percent + fixed, at most the cash and at most
            # what is left to refund (the fee never becomes a bill).
            pct = dec(pf["percent"]) if pf.get("percent") is not None else ZERO
            fixed = dec(pf["fixed"]) if pf.get("fixed") is not None else ZERO
            fee = min(paid["cash"] * pct / HUNDRED + fixed, paid["cash"], max(ZERO, e.total()))
            if fee > 0:
                e.add("processing_fee", -fee, f"processing fee on {method}: {show(paid['cash'])} × {show(pct)}% + {show(fixed)} → {show(fee)}")
        if nr.get("credit", "return_as_credit") == "forfeit" and paid["credit"]:
            e.add("credit", -paid["credit"], f"gift credit {show(paid['credit'])} forfeited")
        v = paid["voucher"]
        vr = nr.get("vouchers", "forfeit")
        if vr == "forfeit" and v:
            e.add("voucher", -v, f"vouchers {show(v)} forfeited")
        elif vr == "proportional" and v:
            rem = e.total()
            if rem > 0:
                e.add("voucher", -rem * v / paid_total,
                      f"voucher share {show(rem)} × {show(v)}/{show(paid_total)} = {show(rem * v / paid_total)}")
        elif vr == "refund":
            e.vouchers_back = True

    # 6. SLA
    sla = rules.get("sla")
    if sla and "availability" in req and not e.ineligible:
        a = dec(req["availability"])
        hit = [t for t in sla["tiers"] if a < dec(t["below"])]
        if hit:
            t = hit[-1]
            earned = monthly * dec(t["percent"]) / HUNDRED
            cap = monthly * dec(sla.get("capPercent", "100")) / HUNDRED
            amount = min(earned, cap)
            why = f"availability {show(a)}% < {t['below']}%: {t['percent']}% × {show(monthly)} = {show(amount)}"
            # The claim window: from the fault's day to the day the request is submitted.
            window = sla.get("claimWindow")
            late = False
            if window and "faultOn" not in req:
                e.warnings.append("sla_claim_window")
                e.trace.append(f"claim window {window}: no faultOn, so no deadline")
            elif window:
                fault = date.fromisoformat(req["faultOn"])
                if "businessDays" in window:
                    deadline = Calendar(policy.get("calendar")).add(fault, window["businessDays"])
                else:  # the last day of the Nth calendar month after the fault's month
                    months = fault.year * 12 + fault.month - 1 + window["billingCycles"] + 1
                    deadline = date(months // 12, months % 12 + 1, 1) - timedelta(days=1)
                claimed = date.fromisoformat(req["slaClaimedOn"]) if "slaClaimedOn" in req else submitted_on(req, tz)
                if claimed < fault:
                    e.warnings.append("sla_fault_after_claim")
                late = claimed > deadline
                e.warnings.append("sla_claim_late" if late else "sla_claim_by")
                if "businessDays" in window and not Calendar(policy.get("calendar")).covers(deadline):
                    e.warnings.append("calendar_ends")
                if "businessDays" in window:
                    provisional_through(policy, fault, deadline, e.warnings)
                e.trace.append(f"claim window {window} after the fault on {fault}: claim by {deadline}, "
                               f"claimed {claimed}: {'late, no credit' if late else 'in time'}")
            if late:
                e.trace.append(why + ", not granted")
            elif sla.get("payAs", "credit") == "credit":
                e.credits.append(("sla_credit", amount))
                e.trace.append(why + " as account credit")
            else:
                e.add("sla_credit", amount, why + " added to the refund")
        else:
            e.trace.append(f"availability {show(a)}% is not below any SLA threshold")

    # 7. offsets
    out = dec(order.get("outstanding", "0"))
    if out and not e.ineligible:
        e.add("outstanding", -out, f"outstanding {show(out)} deducted")
    return {"e": e, "order": order, "rules": rules, "paid": paid, "paid_total": paid_total,
            "start": start, "end": end, "at": at, "tz": tz, "minor": minor, "mode": mode, "tax": tax}


def settle(policy, req, parts):
    """The account's limit, rounding, cap, floor, outcome, destinations, tax and timeline of
    every order's lines together (one order, or several settled as one)."""
    first = parts[0]
    order, rules, tz, minor, mode, tax = (first[k] for k in ("order", "rules", "tz", "minor", "mode", "tax"))
    at, end = first["at"], first["end"]
    e = first["e"]
    # Orders settled together: their lines follow the first order's, each tagged with the
    # input path of its order; the whole is refused only when every order is.
    tags = [0] * len(e.lines)
    for k, part in enumerate(parts[1:], 1):
        e.lines += part["e"].lines
        tags += [k] * len(part["e"].lines)
        e.credits += part["e"].credits
        e.warnings += [w for w in part["e"].warnings if w not in e.warnings]
        e.trace += [f"order {k + 1}: {t}" for t in part["e"].trace]
    e.ineligible = all(part["e"].ineligible for part in parts)
    paid_total = sum((part["paid_total"] for part in parts), ZERO)

    # 7b. a limit on the account's refunds over a rolling window (docs 3.13): an earlier
    # refund counts from its instant until the same wall-clock time `months` later.
    cap = rules.get("accountCap")
    standing = None
    if cap:
        months = cap.get("months", 12)
        used = ZERO
        for past in order.get("refundHistory", []):
            t = parse_instant(past["at"], tz)
            if utc(t) <= utc(at) < utc(at_wall(add_months(local(t, tz), months), tz)):
                used += dec(past["amount"])
        left = max(ZERO, dec(cap["amount"]) - used)
        standing = (dec(cap["amount"]), months, used, left)
        running = e.total()
        if not e.ineligible and running > left:
            over = running if cap.get("over", "trim") == "refuse" else running - left
            e.add("account_cap", -over, f"account limit {cap['amount']} per {months} months: "
                  f"{show(used)} used, {show(left)} left, this refund {show(running)}: "
                  + ("refused" if cap.get("over") == "refuse" else "trimmed"))

    # 8. settle
    exact = [a for _, a in e.lines]
    total = q(sum(exact, ZERO), minor, mode)
    rounded = round_parts(exact, total, minor, mode)
    lines = [(c, r) for (c, _), r in zip(e.lines, rounded)]
    tags += [None] * 3  # the cap, floor and minimum lines belong to the whole
    for (c, x), r in zip(e.lines, rounded):
        if r != q(x, minor, mode):
            e.trace.append(f"{c} {show(x)} would round to {fmt(q(x, minor, mode), minor)}; it takes the leftover "
                           f"minor unit ({fmt(r, minor)}) so the lines sum to the rounded total {fmt(total, minor)}")
    st = rules.get("settlement", {})
    if total > paid_total:
        lines.append(("cap", paid_total - total))
        e.trace.append(f"{fmt(total, minor)} exceeds the {fmt(paid_total, minor)} paid: capped")
        total = paid_total
    owed = ZERO
    if total < 0:
        if st.get("negative", "zero") == "zero":
            # Unpaid charges are a debt already: the refund not covering them does not
            # forgive them, unless the policy waives them. Only the rest is not billed.
            unpaid = ZERO
            if st.get("outstanding", "owed") == "owed" and not e.ineligible:
                unpaid = min(-sum((a for c, a in lines if c == "outstanding"), ZERO), -total)
            if -total - unpaid:
                lines.append(("floor", -total - unpaid))
            e.trace.append(f"{fmt(total, minor)} floors at 0" + (f", {fmt(unpaid, minor)} of unpaid charges still owed" if unpaid else ""))
            if unpaid:
                owed = unpaid
                e.warnings.append("outstanding_owed")
            total = ZERO
        elif not e.ineligible:
            owed = -total
            e.warnings.append("fees_owed")
            e.trace.append(f"{fmt(-owed, minor)} is owed as {fmt(owed, minor)}")
    if "minimumRefund" in st and 0 < total < dec(st["minimumRefund"]):
        lines.append(("below_minimum", -total))
        e.trace.append(f"{fmt(total, minor)} is below the minimum refund {st['minimumRefund']}")
        total = ZERO
    refund = max(total, ZERO)
    credits = [(c, q(a, minor, mode)) for c, a in e.credits]

    keeps_full = {"paid", "whole_refund", "cooling_off", "voucher", "sla_credit", "cap"}
    if e.ineligible:
        outcome = "ineligible"
    elif e.runs_to_end:
        outcome = "end_of_term"
    elif refund == 0:
        outcome = "none"
    elif all(c in keeps_full or a == 0 for c, a in lines):
        outcome = "full"
    else:
        outcome = "partial"

    # Each order's [cash, gift credit, vouchers] come back in proportion, split together.
    # Gift credit comes back as credit unless a `credit` line of its order forfeited it
    # (whole refunds, cooling-off included, have no such line).
    weights = []
    for k, part in enumerate(parts):
        forfeited_credit = any(c == "credit" and t == k for (c, _), t in zip(lines, tags))
        weights += [part["paid"]["cash"], ZERO if forfeited_credit else part["paid"]["credit"],
                    part["paid"]["voucher"] if part["e"].vouchers_back else ZERO]
    wsum = sum(weights, ZERO)
    exact_parts = [refund * w / wsum for w in weights] if wsum else [refund] + [ZERO] * (len(weights) - 1)
    split = round_parts(exact_parts, refund, minor, mode)
    # No source takes back more than it paid; the excess (an SLA credit paid as refund on
    # top of forfeited credit) goes to the balance. The warnings look at the capped cash.
    excess = sum((max(ZERO, p - w) for p, w in zip(split, weights)), ZERO)
    split = [min(p, w) for p, w in zip(split, weights)]
    dests = []

    def land(to, amount):
        if not amount:
            return
        for i, (t, a) in enumerate(dests):
            if t == to:
                dests[i] = (t, a + amount)
                return
        dests.append((to, amount))

    methods, cash_methods = [], []
    for k, part in enumerate(parts):
        o = part["order"]
        method = o.get("paymentMethod", "card")
        methods.append(method)
        # A method that takes refunds only so many days after payment (WeChat Pay 365,
        # PayPal 180): counted from the order's start date to the day of the request.
        rail = payout_rails(policy)[method]
        since = (submitted_on(req, tz) - local(part["start"], tz).date()).days
        closed = "refundWindowDays" in rail and since > rail["refundWindowDays"]
        # A method that can no longer take money (expired card, closed account) → the balance.
        invalid = o.get("paymentMethodValid", True) is False and method != "balance"
        to_balance = part["e"].to_balance
        cash_to = "balance" if (to_balance or method == "balance" or closed or invalid) else ("original_method", method)
        cash = split[3 * k]
        if cash:
            if invalid and not to_balance and "method_invalid" not in e.warnings:
                e.warnings.append("method_invalid")
            elif closed and not to_balance and "method_window_closed" not in e.warnings:
                e.warnings.append("method_window_closed")
                e.trace.append(f"{method} refunds only within {rail['refundWindowDays']} days of payment; "
                               f"{since} days have passed: to the balance")
            if cash_to == ("original_method", "bank_transfer") and rail.get("intermediaryFees") \
                    and "wire_intermediary_fees" not in e.warnings:
                e.warnings.append("wire_intermediary_fees")
        part["cash_to"] = cash_to
        if cash and cash_to != "balance":
            cash_methods.append(method)
        land(cash_to, cash)
    if excess and any(part["cash_to"] != "balance" for part in parts):
        e.warnings.append("excess_to_balance")
        e.trace.append(f"{fmt(excess, minor)} is more than its source paid: to the balance")
    land("balance", excess)
    land("account_credit", sum(split[1::3], ZERO))
    land("voucher", sum(split[2::3], ZERO))
    dests = [("original_method" if isinstance(t, tuple) else t, a) for t, a in dests]
    method = methods[0]
    for _, amount in credits:
        if amount:
            dests.append(("sla_credit", amount))  # lands as account credit
    if len(parts) > 1:
        e.trace.append("destinations: " + ", ".join(f"{t} {fmt(a, minor)}" for t, a in dests))
    forfeited = -sum((a for c, a in lines if c in ("voucher", "credit")), ZERO)
    if forfeited:
        dests.append(("forfeited", forfeited))
    tax_split = None
    if tax:
        # Net and tax split like any other amount: largest remainder, no cent lost.
        rate = dec(tax["rate"])
        net, tax_part = round_parts([refund * HUNDRED / (HUNDRED + rate), refund * rate / (HUNDRED + rate)], refund, minor, mode)
        tax_split = (fmt(net, minor), fmt(tax_part, minor))
        if refund:
            e.trace.append(f"tax {tax['rate']}%: net {fmt(refund, minor)} × 100/{show(HUNDRED + dec(tax['rate']))} = {fmt(net, minor)}, tax {fmt(refund - net, minor)}")
    signed = [fmt(lines[0][1], minor)] + [f"{'−' if x < 0 else '+'} {fmt(abs(x), minor)}" for _, x in lines[1:] if x]
    e.trace.append(" ".join(signed) + f" = {fmt(refund - owed, minor)}"
                   + (f": refund {fmt(refund, minor)}" if not owed else f": owed {fmt(owed, minor)}"))
    tl = timeline(policy, order, req, cash_methods, dests, tz, e.trace, e.warnings)
    # An arrival past the calendar's last listed year counts weekdays only: said once.
    for latest in (tl["latest"], tl.get("credit", {}).get("latest")):
        if latest and not Calendar(policy.get("calendar")).covers(date.fromisoformat(latest)) \
                and "calendar_ends" not in e.warnings:
            e.warnings.append("calendar_ends")
        if latest:
            provisional_through(policy, submitted_on(req, tz), date.fromisoformat(latest), e.warnings)
    landed = {"account_credit" if t == "sla_credit" else t for t, _ in dests if t != "forfeited"}
    paid_out = sum((a for t, a in dests if t != "forfeited"), ZERO)
    return {
        "timeline": tl,
        # Nothing paid out: nothing to prepare.
        "documents": documents(policy, order, req, refund, landed) if paid_out else [],
        "steps": list(STEPS),
        "refund": fmt(refund, minor),
        "owed": fmt(owed, minor),
        "outcome": outcome,
        "serviceEnds": local(end, tz).date().isoformat() if e.runs_to_end else None,
        "lines": [(c, fmt(a, minor)) for c, a in lines],
        "lineOrders": [None if len(parts) == 1 or t is None else ("order" if t == 0 else f"settleWith[{t - 1}]")
                       for (_, _), t in zip(lines, tags)],
        "credits": [(c, fmt(a, minor)) for c, a in credits],
        "destinations": [("account_credit" if t == "sla_credit" else t, fmt(a, minor)) for t, a in dests],
        "tax": tax_split,
        "accountCap": None if standing is None else {
            "limit": fmt(standing[0], minor), "months": standing[1], "used": fmt(standing[2], minor),
            "left": fmt(standing[3], minor), "leftAfter": fmt(max(ZERO, standing[3] - refund), minor)},
        "warnings": e.warnings,
        "trace": e.trace,
    }


def engine_view(x):
    return {
        "refund": x["refund"],
        "owed": x["owed"],
        "outcome": x["outcome"],
        "serviceEnds": x["serviceEnds"][:10] if "serviceEnds" in x else None,
        "lines": [(l["code"], l["amount"]) for l in x["lines"]],
        "lineOrders": [l.get("order") for l in x["lines"]],
        "credits": [(l["code"], l["amount"]) for l in x["credits"]],
        "destinations": [(d["to"], d["amount"]) for d in x["destinations"]],
        "tax": (x["tax"]["net"], x["tax"]["tax"]) if x.get("tax") else None,
        "accountCap": x.get("accountCap"),
        "warnings": [w["code"] for w in x["warnings"]],
        "timeline": {
            "approval": x["timeline"]["approval"],
            "businessDays": x["timeline"]["businessDays"],
            "earliest": x["timeline"]["earliest"],
            "latest": x["timeline"]["latest"],
            "phases": [(p["code"], p["businessDays"]) for p in x["timeline"]["phases"]],
            **({"credit": {k: x["timeline"]["credit"][k] for k in ("businessDays", "earliest", "latest")}}
               if "credit" in x["timeline"] else {}),
        },
        "documents": [d["code"] for d in x["documents"]],
        "steps": [s["code"] for s in x["steps"]],
    }


def main(argv):
    verbose = [a for a in argv if not a.startswith("-")]
    notes = "--notes" in argv
    bad = checked = 0
    for path in sorted(HERE.glob("*.json")):
        case = json.loads(path.read_text())
        if "expected" not in case or not case["expected"]:
            continue
        checked += 1
        mine = estimate(case["input"])
        trace = mine.pop("trace")
        theirs = engine_view(case["expected"])
        diffs = [k for k in mine if mine[k] != theirs[k]]
        if diffs:
            bad += 1
            print(f"MISMATCH {path.name}: {', '.join(diffs)}")
            for k in diffs:
                print(f"  {k}: by hand {mine[k]}\n  {' ' * len(k)}  engine  {theirs[k]}")
        if notes or any(path.name.startswith(v) for v in verbose):
            print(f"{path.name}: " + "; ".join(trace))
    print(f"{checked - bad} of {checked} cases agree with the independent computation")
    # A changed glob or key would check nothing and pass: 213 cases are checked today.
    if checked < 200:
        print(f"only {checked} cases were checked: expected at least 200")
        return 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
