import { createCanvas, loadImage } from '@napi-rs/canvas';

/** The two colours of {@link twoToneImage}: its left and right halves. */
export const LEFT_RGB = [208, 32, 32] as const;
export const RIGHT_RGB = [32, 64, 208] as const;

/**
 * An image whose left half is LEFT_RGB and right half RIGHT_RGB, as a PNG or a JPEG: a card that uses it shows those
 * colours at its left and right edges, which no shipped background does.
 */
export async function twoToneImage(width: number, height: number, format: 'png' | 'jpeg' = 'png'): Promise<Buffer> {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = `rgb(${LEFT_RGB.join(', ')})`;
  ctx.fillRect(0, 0, width / 2, height);
  ctx.fillStyle = `rgb(${RIGHT_RGB.join(', ')})`;
  ctx.fillRect(width / 2, 0, width - width / 2, height);
  return format === 'png' ? canvas.encode('png') : canvas.encode('jpeg', 95);
}

/** The RGB of one pixel of an image file. */
export async function pixelOf(file: Buffer, x: number, y: number): Promise<number[]> {
  const image = await loadImage(file);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  return [...ctx.getImageData(x, y, 1, 1).data.slice(0, 3)];
}

/** Whether two colours are the same within `tolerance` per channel (JPEG and blending move them a little). */
export function nearColour(actual: readonly number[], expected: readonly number[], tolerance = 6): boolean {
  return actual.every((value, index) => Math.abs(value - expected[index]!) <= tolerance);
}

/** A minimal valid GIF (1×1). */
export const TINY_GIF = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');
