import { UserError } from '@sapphire/framework';
import { checkBackgroundUploadSize, MAX_BACKGROUND_UPLOAD_BYTES } from '../services/backgroundImage';

const DOWNLOAD_TIMEOUT_MS = 15_000;

/**
 * The bytes of an image attached to `/shop add`. Its announced size is checked before downloading, and the download
 * stops as soon as it passes the limit, whatever the announced size said.
 */
export async function downloadBackgroundUpload(file: { url: string; size: number }): Promise<Buffer> {
  checkBackgroundUploadSize(file.size);
  const failed = () =>
    new UserError({
      identifier: 'BackgroundDownload',
      message: 'I could not download the image. Try again. Nothing was added to the shop.',
    });
  const response = await fetch(file.url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) }).catch(() => null);
  if (!response?.ok || !response.body) throw failed();
  const chunks: Buffer[] = [];
  let received = 0;
  try {
    for await (const chunk of response.body) {
      received += chunk.length;
      if (received > MAX_BACKGROUND_UPLOAD_BYTES) break;
      chunks.push(Buffer.from(chunk));
    }
  } catch {
    throw failed();
  }
  if (received > MAX_BACKGROUND_UPLOAD_BYTES) {
    await response.body.cancel().catch(() => undefined);
    checkBackgroundUploadSize(received);
  }
  return Buffer.concat(chunks);
}
