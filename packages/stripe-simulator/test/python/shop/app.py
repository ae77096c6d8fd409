"""A small Flask shop in the shape of Stripe's own samples (accept-a-payment, custom flow), written against the
stripe-python SDK and pointed at the Stripe simulator with `stripe.api_base`. The simulator's Python suite
(python-sdk.test.ts) drives it.

Environment: STRIPE_SECRET_KEY, STRIPE_PUBLISHABLE_KEY, STRIPE_WEBHOOK_SECRET, STRIPE_API_BASE (the simulator's URL).
It listens on 127.0.0.1 on a free port and prints `listening on PORT` once ready; each verified webhook is printed
as `webhook <event type> <object id>`, as the samples print them.
"""
import os

import stripe
from flask import Flask, jsonify, request
from werkzeug.serving import make_server

stripe.api_key = os.environ["STRIPE_SECRET_KEY"]
stripe.api_base = os.environ["STRIPE_API_BASE"]
WEBHOOK_SECRET = os.environ["STRIPE_WEBHOOK_SECRET"]

app = Flask(__name__)


@app.errorhandler(stripe.error.StripeError)
def stripe_error(e):
    """What the SDK raised, as the shop's front end sees it."""
    details = e.error  # the response's `error` object, as a StripeObject
    return (
        jsonify(
            error={
                "class": type(e).__name__,
                "code": e.code,
                "decline_code": getattr(details, "decline_code", None),
                "param": getattr(details, "param", None),
                "message": e.user_message,
                "http_status": e.http_status,
                "payment_intent_status": (getattr(details, "payment_intent", None) or {}).get("status"),
            }
        ),
        e.http_status or 500,
    )


@app.get("/config")
def config():
    return jsonify(publishableKey=os.environ["STRIPE_PUBLISHABLE_KEY"])


@app.post("/create-payment-intent")
def create_payment_intent():
    data = request.get_json(silent=True) or {}
    options = {}
    if data.get("orderId"):
        # One PaymentIntent per order, however often the customer presses Pay.
        options["idempotency_key"] = "order-%s" % data["orderId"]
    intent = stripe.PaymentIntent.create(
        amount=data.get("amount", 1999),
        currency=data.get("currency", "usd"),
        automatic_payment_methods={"enabled": True},
        metadata={"order_id": data.get("orderId", "")},
        **options
    )
    return jsonify(clientSecret=intent.client_secret, id=intent.id)


@app.post("/charge-saved-card")
def charge_saved_card():
    """Server-side confirmation (a returning customer's saved card): card errors arrive as stripe.error.CardError."""
    data = request.get_json()
    intent = stripe.PaymentIntent.create(
        amount=data["amount"],
        currency="usd",
        payment_method=data["paymentMethod"],
        confirm=True,
        automatic_payment_methods={"enabled": True, "allow_redirects": "never"},
    )
    return jsonify(id=intent.id, status=intent.status)


@app.get("/orders/<payment_intent_id>")
def order(payment_intent_id):
    intent = stripe.PaymentIntent.retrieve(payment_intent_id)
    return jsonify(id=intent.id, status=intent.status, amount=intent.amount, amount_received=intent.amount_received)


@app.post("/orders/<payment_intent_id>/refunds")
def refund(payment_intent_id):
    data = request.get_json()
    created = stripe.Refund.create(payment_intent=payment_intent_id, amount=data["amount"])
    charge = stripe.Charge.retrieve(created.charge)
    return jsonify(
        id=created.id,
        charge=created.charge,
        status=created.status,
        amount=created.amount,
        charge_amount_refunded=charge.amount_refunded,
        charge_refunded=charge.refunded,
    )


@app.post("/webhook")
def webhook():
    payload = request.get_data()
    signature = request.headers.get("Stripe-Signature", "")
    try:
        event = stripe.Webhook.construct_event(payload, signature, WEBHOOK_SECRET)
    except (ValueError, stripe.error.SignatureVerificationError) as e:
        print("webhook refused: %s" % e, flush=True)
        return jsonify(error=str(e)), 400
    print("webhook %s %s" % (event["type"], event["data"]["object"]["id"]), flush=True)
    return jsonify(received=True)


if __name__ == "__main__":
    server = make_server("127.0.0.1", 0, app, threaded=True)
    print("listening on %d" % server.server_port, flush=True)
    server.serve_forever()
