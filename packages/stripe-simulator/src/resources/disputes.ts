/**
 * Disputes opened by Stripe's dispute test cards (after the charge succeeded), updated with evidence and closed:
 * `evidence[uncategorized_text]=winning_evidence` → won, `losing_evidence` → lost (after the async delay), and
 * POST /v1/disputes/:id/close (accepting the dispute) → lost at once. Inquiries (4000000000001976) move through the
 * `warning_*` statuses and withdraw no funds.
 */
import type Stripe from 'stripe';
import type { DisputeKind } from '../cards/test-cards';
import type { Engine } from '../engine';
import { invalidRequest, resourceMissing } from '../api/errors';
import { applyMetadata, type Params } from '../api/params';
import { newId } from '../ids';
import { recordDisputeReversal, recordDisputeWithdrawal } from './balance-transactions';

const EVIDENCE_TEXT_FIELDS = [
  'access_activity_log',
  'billing_address',
  'cancellation_policy_disclosure',
  'cancellation_rebuttal',
  'customer_email_address',
  'customer_name',
  'customer_purchase_ip',
  'duplicate_charge_explanation',
  'duplicate_charge_id',
  'product_description',
  'refund_policy_disclosure',
  'refund_refusal_explanation',
  'service_date',
  'shipping_address',
  'shipping_carrier',
  'shipping_date',
  'shipping_tracking_number',
  'uncategorized_text',
] as const;
const EVIDENCE_FILE_FIELDS = [
  'cancellation_policy',
  'customer_communication',
  'customer_signature',
  'duplicate_charge_documentation',
  'receipt',
  'refund_policy',
  'service_documentation',
  'shipping_documentation',
  'uncategorized_file',
] as const;
const CLOSED: Stripe.Dispute.Status[] = ['won', 'lost', 'warning_closed', 'prevented'];

function emptyEvidence(): Stripe.Dispute.Evidence {
  const evidence: Record<string, unknown> = { enhanced_evidence: {} };
  for (const f of EVIDENCE_TEXT_FIELDS) evidence[f] = null;
  for (const f of EVIDENCE_FILE_FIELDS) evidence[f] = null;
  return evidence as unknown as Stripe.Dispute.Evidence;
}

export function getDispute(engine: Engine, id: string): Stripe.Dispute {
  const dispute = engine.store.disputes.get(id);
  if (!dispute) throw resourceMissing('dispute', id, 'dispute');
  return dispute;
}

/** Job: the cardholder's bank opens a dispute on a charge. */
export function openDispute(engine: Engine, args: Record<string, string>): void {
  const charge = engine.store.charges.get(args.charge ?? '');
  if (!charge) return;
  const kind = (args.kind ?? 'fraudulent') as DisputeKind;
  const inquiry = kind === 'inquiry';
  const reason = kind === 'product_not_received' ? 'product_not_received' : 'fraudulent';
  const created = engine.now();
  const dispute: Stripe.Dispute = {
    id: newId('dp'),
    object: 'dispute',
    amount: charge.amount,
    balance_transactions: [],
    charge: charge.id,
    created,
    currency: charge.currency,
    enhanced_eligibility_types: [],
    evidence: emptyEvidence(),
    evidence_details: {
      due_by: created + 7 * 24 * 3600,
      enhanced_eligibility: {},
      has_evidence: false,
      past_due: false,
      submission_count: 0,
      submission_method: 'not_submitted',
    },
    intended_submission_method: null,
    is_charge_refundable: inquiry,
    livemode: false,
    metadata: {},
    network_reason_code: reason === 'fraudulent' ? '10.4' : '13.1',
    payment_intent: charge.payment_intent,
    payment_method_details: {
      card: {
        brand: charge.payment_method_details?.card?.brand ?? 'visa',
        case_type: inquiry ? 'inquiry' : 'chargeback',
        network: charge.payment_method_details?.card?.network ?? 'visa',
        network_reason_code: reason === 'fraudulent' ? '10.4' : '13.1',
      },
      type: 'card',
    },
    reason,
    status: inquiry ? 'warning_needs_response' : 'needs_response',
  };
  engine.store.disputes.insert(dispute, {});
  charge.disputed = true;
  engine.touch();
  if (!inquiry) withdrawFunds(engine, dispute);
  engine.emit('charge.dispute.created', dispute);
  if (!inquiry) engine.emit('charge.dispute.funds_withdrawn', dispute);
  if (kind === 'multiple' && args.second !== 'true') {
    // The "multiple disputes" card opens a second dispute later on.
    engine.schedule('dispute.create', { charge: charge.id, kind: 'fraudulent', second: 'true' });
  }
}

function assertOpen(dispute: Stripe.Dispute): void {
  if (CLOSED.includes(dispute.status)) {
    throw invalidRequest(`This dispute is already closed (status: ${dispute.status}).`, {
      code: 'dispute_already_closed' as string,
      validation: false,
    });
  }
}

/** POST /v1/disputes/:id — evidence, metadata, submit (default true). */
export function updateDispute(engine: Engine, dispute: Stripe.Dispute, p: Params): Stripe.Dispute {
  const evidenceParams = p.obj('evidence');
  if (evidenceParams) assertOpen(dispute);
  const previous: Record<string, unknown> = {};
  if (evidenceParams) {
    const evidence = dispute.evidence as unknown as Record<string, unknown>;
    const before: Record<string, unknown> = {};
    for (const key of Object.keys(evidenceParams.raw)) {
      if (
        !(EVIDENCE_TEXT_FIELDS as readonly string[]).includes(key) &&
        !(EVIDENCE_FILE_FIELDS as readonly string[]).includes(key)
      ) {
        continue;
      }
      before[key] = evidence[key];
      evidence[key] = evidenceParams.string(key) ?? null;
    }
    previous.evidence = before;
  }
  if (p.has('metadata')) {
    previous.metadata = { ...dispute.metadata };
    dispute.metadata = applyMetadata(dispute.metadata, p);
  }
  const submit = p.bool('submit') ?? true;
  if (evidenceParams && submit) {
    const inquiry = dispute.status.startsWith('warning_');
    previous.status = dispute.status;
    dispute.evidence_details.has_evidence = true;
    dispute.evidence_details.submission_count += 1;
    dispute.status = inquiry ? 'warning_under_review' : 'under_review';
    const text = dispute.evidence.uncategorized_text ?? '';
    if (text.includes('winning_evidence')) {
      engine.schedule('dispute.close', { dispute: dispute.id, outcome: inquiry ? 'warning_closed' : 'won' });
    } else if (text.includes('losing_evidence')) {
      engine.schedule('dispute.close', { dispute: dispute.id, outcome: inquiry ? 'warning_closed' : 'lost' });
    } else if (inquiry && text.includes('escalate_inquiry_evidence')) {
      engine.schedule('dispute.close', { dispute: dispute.id, outcome: 'needs_response' });
    }
  }
  engine.touch();
  engine.emit('charge.dispute.updated', dispute, previous);
  return dispute;
}

/** POST /v1/disputes/:id/close — the merchant accepts the dispute. */
export function closeDispute(engine: Engine, dispute: Stripe.Dispute): Stripe.Dispute {
  assertOpen(dispute);
  const previous = { status: dispute.status };
  dispute.status = dispute.status.startsWith('warning_') ? 'warning_closed' : 'lost';
  dispute.is_charge_refundable = false;
  engine.touch();
  engine.emit('charge.dispute.closed', dispute, previous);
  return dispute;
}

/** Job: the bank decides (or an inquiry is escalated). */
export function decideDispute(engine: Engine, args: Record<string, string>): void {
  const dispute = engine.store.disputes.get(args.dispute ?? '');
  if (!dispute || CLOSED.includes(dispute.status)) return;
  const outcome = args.outcome as Stripe.Dispute.Status;
  const previous = { status: dispute.status };
  dispute.status = outcome;
  engine.touch();
  if (outcome === 'needs_response') {
    dispute.is_charge_refundable = false;
    withdrawFunds(engine, dispute);
    engine.emit('charge.dispute.updated', dispute, previous);
    engine.emit('charge.dispute.funds_withdrawn', dispute);
    return;
  }
  if (outcome === 'won') {
    dispute.balance_transactions = [...dispute.balance_transactions, recordDisputeReversal(engine, dispute)];
  }
  engine.emit('charge.dispute.closed', dispute, previous);
  if (outcome === 'won') engine.emit('charge.dispute.funds_reinstated', dispute);
}

/** The disputed amount and the dispute fee leave the balance; the dispute lists that transaction. */
function withdrawFunds(engine: Engine, dispute: Stripe.Dispute): void {
  dispute.balance_transactions = [...dispute.balance_transactions, recordDisputeWithdrawal(engine, dispute)];
}
