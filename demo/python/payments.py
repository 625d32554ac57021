"""Payment worker: charges orders and verifies the caller's token."""
import time

import jwt
import requests
import stripe


def fetch_rates(url, max_retries=5):
    """Currency rates from the rates service, retried when it is down."""
    for attempt in range(max_retries):
        try:
            return requests.get(url, timeout=5).json()
        except requests.RequestException:
            time.sleep(2 ** attempt)
    raise RuntimeError("rates service unavailable")


def charge(order):
    """Runs again when the queue redelivers the job."""
    return stripe.PaymentIntent.create(
        amount=order.total_cents,
        currency="usd",
        customer=order.customer_id,
        metadata={"order_id": order.id},
    )


def caller_claims(token):
    return jwt.decode(token, options={"verify_signature": False})
