"""A day's Stripe figures read with stripe-python, as an accountant's script would: the day's balance transactions
(fees and nets), the payouts that arrived that day and what each holds, and the balance. Prints JSON.

Usage: end_of_day.py API_BASE SECRET_KEY DAY_START  (unix seconds, 00:00 UTC of the day)
"""
import json
import sys

import stripe

stripe.api_base, stripe.api_key, day = sys.argv[1], sys.argv[2], int(sys.argv[3])
window = {"gte": day, "lt": day + 86400}


def plain(txn):
    return {"id": txn.id, "type": txn.type, "amount": txn.amount, "fee": txn.fee, "net": txn.net}


charges = [
    plain(t)
    for t in stripe.BalanceTransaction.list(created=window, type="charge", limit=2).auto_paging_iter()
]
payouts = []
for payout in stripe.Payout.list(arrival_date=window, status="paid").auto_paging_iter():
    held = stripe.BalanceTransaction.list(payout=payout.id, expand=["data.source"], limit=2)
    payouts.append(
        {
            "id": payout.id,
            "amount": payout.amount,
            "held": [dict(plain(t), source=t.source.id, source_object=t.source.object) for t in held.auto_paging_iter()],
        }
    )
balance = stripe.Balance.retrieve()
print(json.dumps({"charges": charges, "payouts": payouts, "available": balance.available[0].amount}))
