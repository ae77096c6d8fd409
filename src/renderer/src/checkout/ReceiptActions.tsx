import { useAppInfo } from '../app-info';
import { till } from '../staff/till';

/** Print the receipt on the page (print styles show nothing else), or, in the desktop app, save it as a PDF. */
export function ReceiptActions({ orderId }: { orderId: string }) {
  const info = useAppInfo();
  return (
    <>
      <button type="button" className="secondary" onClick={() => window.print()}>
        Print receipt
      </button>
      {info.status === 'ready' && info.value.host === 'electron' && (
        <button type="button" className="secondary" onClick={() => void till.receipt.savePdf({ orderId })}>
          Save as PDF
        </button>
      )}
    </>
  );
}
