/** Hands a file main made to the browser as a download (the browser preview, where main cannot save files). */
export function download(
  fileName: string,
  content: string | Uint8Array<ArrayBuffer> | Blob,
  type = 'text/csv;charset=utf-8',
) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
