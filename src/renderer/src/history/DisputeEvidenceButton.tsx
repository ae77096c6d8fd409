import { download } from './download';
import { FileAction } from './FileAction';
import { till } from '../staff/till';

const UPLOAD_HINT = "upload it to the dispute in Stripe's Dashboard (Payments → Disputes).";

/**
 * "Dispute evidence (PDF)": main asks Stripe for the card checks and the dispute, and makes the PDF; the desktop
 * app saves it where the owner chooses, the browser preview downloads it.
 */
export function DisputeEvidenceButton({ orderId }: { orderId: string }) {
  return (
    <FileAction
      label="Dispute evidence (PDF)"
      busyLabel="Asking Stripe…"
      run={() => till.orders.disputeEvidence({ orderId })}
      describe={({ path, pdfBase64, fileName }) => {
        if (pdfBase64 !== null) {
          download(
            fileName,
            Uint8Array.from(atob(pdfBase64), (c) => c.charCodeAt(0)),
            'application/pdf',
          );
          return `Downloaded ${fileName}: ${UPLOAD_HINT}`;
        }
        return path ? `Saved to ${path}: ${UPLOAD_HINT}` : null;
      }}
    />
  );
}
