import { crc32, inflateSync } from 'node:zlib';
import { loadImage } from '@napi-rs/canvas';
import {
  BACKGROUND_IMAGE_HEIGHT,
  BACKGROUND_IMAGE_WIDTH,
  encodeBackgroundImage,
} from '#core/plugin-kit/cardBackgrounds';
import { refuse } from './sql';

/** The largest upload accepted for a BACKGROUND item. */
export const MAX_BACKGROUND_UPLOAD_BYTES = 2 * 1024 * 1024;
/** Each side of an uploaded background, in pixels. */
export const MIN_BACKGROUND_SIDE = 100;
export const MAX_BACKGROUND_SIDE = 4096;

const NOTHING_ADDED = 'Nothing was added to the shop.';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

type Kind = 'png' | 'jpeg';

/** A stored background: the re-encoded image (JPEG) and its size. */
export interface PreparedBackground {
  image: Buffer;
  width: number;
  height: number;
}

/**
 * Checks an uploaded background and re-encodes it for storage. The file's type comes from its first bytes (not
 * its name or the type it claims), its size is read from its header before anything is decoded (so a small file
 * declaring a huge image is refused without allocating it), its structure is checked to the end (a truncated or
 * damaged file is refused, though the decoder would draw what it could), and only its decoded pixels are kept:
 * covered onto the cards' size and written as a new JPEG.
 */
export async function prepareBackgroundUpload(bytes: Buffer): Promise<PreparedBackground> {
  checkBackgroundUploadSize(bytes.length);
  const kind = kindOf(bytes);
  const size = kind === 'png' ? pngSize(bytes) : jpegSize(bytes);
  if (!size) refuse('BackgroundCorrupt', `That ${kind.toUpperCase()} file is damaged or incomplete. ${NOTHING_ADDED}`);
  const { width, height } = size;
  if (
    width < MIN_BACKGROUND_SIDE ||
    height < MIN_BACKGROUND_SIDE ||
    width > MAX_BACKGROUND_SIDE ||
    height > MAX_BACKGROUND_SIDE
  ) {
    refuse(
      'BackgroundDimensions',
      `That image is ${width}×${height} pixels; a background must be ${MIN_BACKGROUND_SIDE} to ${MAX_BACKGROUND_SIDE} pixels on each side (it is shown at ${BACKGROUND_IMAGE_WIDTH}×${BACKGROUND_IMAGE_HEIGHT}). ${NOTHING_ADDED}`,
    );
  }
  if (kind === 'png' ? !pngComplete(bytes, width, height) : !jpegComplete(bytes)) {
    refuse('BackgroundCorrupt', `That ${kind.toUpperCase()} file is damaged or incomplete. ${NOTHING_ADDED}`);
  }
  const decoded = await loadImage(bytes).catch(() => undefined);
  if (!decoded || decoded.width !== width || decoded.height !== height) {
    refuse('BackgroundCorrupt', `That ${kind.toUpperCase()} file could not be decoded. ${NOTHING_ADDED}`);
  }
  return {
    image: await encodeBackgroundImage(decoded),
    width: BACKGROUND_IMAGE_WIDTH,
    height: BACKGROUND_IMAGE_HEIGHT,
  };
}

/** Refuses an upload of more than MAX_BACKGROUND_UPLOAD_BYTES (checked before downloading it, and after). */
export function checkBackgroundUploadSize(bytes: number): void {
  if (bytes > MAX_BACKGROUND_UPLOAD_BYTES) {
    refuse(
      'BackgroundTooLarge',
      `That file is ${kilobytes(bytes)}; a background can be at most ${kilobytes(MAX_BACKGROUND_UPLOAD_BYTES)} (2 MB). ${NOTHING_ADDED}`,
    );
  }
}

/** PNG or JPEG by the file's magic bytes; anything else is refused, GIFs with a word of their own. */
function kindOf(bytes: Buffer): Kind {
  if (bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  const head = bytes.subarray(0, 6).toString('latin1');
  if (head === 'GIF87a' || head === 'GIF89a') {
    refuse('BackgroundGif', `GIFs can't be backgrounds: upload a PNG or JPEG image instead. ${NOTHING_ADDED}`);
  }
  refuse('BackgroundNotImage', `That file is not a PNG or JPEG image. ${NOTHING_ADDED}`);
}

function kilobytes(bytes: number): string {
  return `${Math.ceil(bytes / 1024).toLocaleString('en-US')} KB`;
}

// PNG -------------------------------------------------------------------------------------------------------------

/** Width and height from the IHDR chunk, which must come first. */
function pngSize(bytes: Buffer): { width: number; height: number } | undefined {
  if (bytes.length < 33 || bytes.readUInt32BE(8) !== 13 || bytes.toString('latin1', 12, 16) !== 'IHDR') return;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Bytes per pixel (rounded up) and bits per pixel of each PNG colour type, by channels. */
const PNG_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Adam7's passes: first column and row, column and row steps. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/**
 * Every chunk whole with a right CRC up to IEND, and the image data inflating to exactly the size its header
 * announces: a truncated or altered PNG fails one of these.
 */
function pngComplete(bytes: Buffer, width: number, height: number): boolean {
  const bitDepth = bytes[24]!;
  const channels = PNG_CHANNELS[bytes[25]!];
  const interlaced = bytes[28] === 1;
  if (!channels || ![1, 2, 4, 8, 16].includes(bitDepth)) return false;
  const idat: Buffer[] = [];
  let offset = 8;
  let ended = false;
  while (offset + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const end = offset + 12 + length;
    if (end > bytes.length) return false;
    const type = bytes.subarray(offset + 4, offset + 8);
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    if (crc32(data, crc32(type)) !== bytes.readUInt32BE(offset + 8 + length)) return false;
    if (type.toString('latin1') === 'IDAT') idat.push(data);
    offset = end;
    if (type.toString('latin1') === 'IEND') {
      ended = true;
      break;
    }
  }
  if (!ended || idat.length === 0) return false;
  const bitsPerPixel = channels * bitDepth;
  const rowBytes = (columns: number) => 1 + Math.ceil((columns * bitsPerPixel) / 8);
  let expected = 0;
  if (interlaced) {
    for (const [column, row, columnStep, rowStep] of ADAM7) {
      const columns = Math.ceil((width - column) / columnStep);
      const rows = Math.ceil((height - row) / rowStep);
      if (columns > 0 && rows > 0) expected += rows * rowBytes(columns);
    }
  } else {
    expected = height * rowBytes(width);
  }
  try {
    // One byte more than announced may come out: then the data is too long, and refused below.
    return inflateSync(Buffer.concat(idat), { maxOutputLength: expected + 1 }).length === expected;
  } catch {
    return false;
  }
}

// JPEG ------------------------------------------------------------------------------------------------------------

/** Markers that stand alone, without a length: TEM and the restart markers. */
const isStandalone = (marker: number) => marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);
/** Start-of-frame markers (C0–CF but DHT, JPG and DAC), which carry the image's size. */
const isStartOfFrame = (marker: number) =>
  marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/** Width and height from the first start-of-frame segment. */
function jpegSize(bytes: Buffer): { width: number; height: number } | undefined {
  for (const segment of jpegSegments(bytes)) {
    if (segment === 'truncated') return;
    if (isStartOfFrame(segment.marker) && segment.length >= 7) {
      return { height: bytes.readUInt16BE(segment.offset + 5), width: bytes.readUInt16BE(segment.offset + 7) };
    }
  }
}

/** The segments run whole from the start to the end-of-image marker, through every scan. */
function jpegComplete(bytes: Buffer): boolean {
  let frame = false;
  let scan = false;
  for (const segment of jpegSegments(bytes)) {
    if (segment === 'truncated') return false;
    if (isStartOfFrame(segment.marker)) frame = true;
    if (segment.marker === 0xda) scan = true;
    if (segment.marker === 0xd9) return frame && scan;
  }
  return false;
}

/**
 * The segments of a JPEG after its start-of-image marker: each marker with the offset of its 0xFF and its length
 * field; entropy-coded data after a start-of-scan is skipped up to the next marker. 'truncated' when the file ends
 * (or breaks off) before the end-of-image marker.
 */
function* jpegSegments(bytes: Buffer): Generator<{ marker: number; offset: number; length: number } | 'truncated'> {
  let offset = 2;
  while (offset < bytes.length) {
    if (bytes[offset] !== 0xff) {
      yield 'truncated';
      return;
    }
    // Fill bytes: any number of 0xFF may precede a marker.
    while (bytes[offset + 1] === 0xff) offset++;
    const marker = bytes[offset + 1];
    if (marker === undefined) break;
    if (marker === 0xd9) {
      yield { marker, offset, length: 0 };
      return;
    }
    if (isStandalone(marker)) {
      offset += 2;
      continue;
    }
    if (offset + 4 > bytes.length) break;
    const length = bytes.readUInt16BE(offset + 2);
    if (length < 2 || offset + 2 + length > bytes.length) break;
    yield { marker, offset, length };
    offset += 2 + length;
    if (marker === 0xda) {
      // Entropy-coded data: 0xFF 0x00 is a stuffed byte and 0xFF D0–D7 a restart; any other marker ends the scan.
      while (offset + 1 < bytes.length) {
        if (bytes[offset] === 0xff) {
          const next = bytes[offset + 1]!;
          if (next !== 0x00 && !(next >= 0xd0 && next <= 0xd7) && next !== 0xff) break;
        }
        offset++;
      }
      if (offset + 1 >= bytes.length) break;
    }
  }
  yield 'truncated';
}
