// Checkout service: calls the pricing API, then charges the customer.
// Open the Engineering Notes hints (the grey lines above the code) to see what production does to it.

import express from 'express';
import Stripe from 'stripe';

const stripe = new Stripe(process.env.STRIPE_KEY ?? '');
const PRICING_URL = process.env.PRICING_URL ?? 'http://pricing.internal';
export const app = express();

interface Order {
  id: string;
  sku: string;
  totalCents: number;
  stripeCustomerId: string;
}

/** Asks the pricing service for a quote, trying a few times when it fails. */
export async function getQuote(sku: string, maxAttempts = 5): Promise<{ cents: number }> {
  let lastError: unknown;
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    try {
      const res = await fetch(`${PRICING_URL}/quotes/${sku}`);
      if (!res.ok) throw new Error(`pricing: HTTP ${res.status}`);
      return (await res.json()) as { cents: number };
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

/** Charges an order. A client that times out and retries calls this again. */
export async function charge(order: Order) {
  return stripe.paymentIntents.create({
    amount: order.totalCents,
    currency: 'usd',
    customer: order.stripeCustomerId,
    metadata: { orderId: order.id },
  });
}

app.post('/payments', express.json(), async (req: any, res: any) => {
  const key = req.get('Idempotency-Key');
  if (!key) return res.status(400).json({ error: 'Idempotency-Key header required' });
  const intent = await charge(req.body as Order);
  res.status(201).json({ id: intent.id, key });
});
