import { useState } from 'react';
import type { Product } from '#shared/contract';
import { formatMoney } from '#shared/money';
import { TAX_CLASS_LABEL } from '../tax-class-labels';
import { otherThanPin, type OwnerAccess } from './owner-access';
import { till } from '../staff/till';

interface Props {
  products: Product[];
  editingId: string | null;
  access: OwnerAccess;
  onEdit(product: Product): void;
  /** After an archive, a restore or a delete: the page reads the catalog again. */
  onChanged(): void;
}

/**
 * The shop's products with what the owner can do to each. Delete asks twice, and main refuses it for a product on
 * past orders (the message says to archive it instead).
 */
export function ProductsTable({ products, editingId, access, onEdit, onChanged }: Props) {
  const [confirmingDelete, setConfirmingDelete] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  async function act(call: Promise<{ ok: true } | { ok: false; error: Parameters<typeof otherThanPin>[0] }>) {
    const result = await call;
    setConfirmingDelete(null);
    if (result.ok) {
      setMessage(null);
      onChanged();
    } else if (otherThanPin(result.error, access)) setMessage(result.error.message);
  }

  return (
    <>
      {message && (
        <p role="alert" className="error-text">
          {message}
        </p>
      )}
      <table className="orders-table products-table" aria-label="Products">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">SKU</th>
            <th scope="col">Barcode</th>
            <th scope="col">Tax</th>
            <th scope="col" className="numeric">
              Price
            </th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {products.map((product) => (
            <tr
              key={product.id}
              className={[product.id === editingId && 'selected', product.archived && 'archived']
                .filter(Boolean)
                .join(' ')}
            >
              <td>
                {product.name}
                {product.archived && <span className="muted small"> · archived</span>}
              </td>
              <td>{product.sku}</td>
              <td>{product.barcode ?? ''}</td>
              <td>{TAX_CLASS_LABEL[product.taxClass]}</td>
              <td className="numeric">{formatMoney(product.unitPrice, product.currency)}</td>
              <td className="row-actions">
                <button type="button" className="link" onClick={() => onEdit(product)}>
                  Edit
                </button>
                <button
                  type="button"
                  className="link"
                  onClick={() =>
                    void act(till.catalog.archive({ id: product.id, archived: !product.archived, pin: access.pin }))
                  }
                >
                  {product.archived ? 'Restore' : 'Archive'}
                </button>
                <button
                  type="button"
                  className="link danger"
                  onClick={() =>
                    confirmingDelete === product.id
                      ? void act(till.catalog.delete({ id: product.id, pin: access.pin }))
                      : setConfirmingDelete(product.id)
                  }
                >
                  {confirmingDelete === product.id ? 'Delete for good?' : 'Delete'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
