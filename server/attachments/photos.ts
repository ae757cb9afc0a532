import sharp from 'sharp';

/** Largest upload taken, bytes (10 MiB: a phone camera's photo with room to spare). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** Largest image decoded, pixels: a small file cannot unpack into gigabytes (a decompression bomb). */
const MAX_INPUT_PIXELS = 40_000_000;
/** Longest edge kept, px: plenty for a desk's screen; the rest is bytes nobody looks at. */
const MAX_EDGE_PX = 2560;
/** Longest edge of a thumbnail, px. */
const THUMBNAIL_EDGE_PX = 320;
/** The formats taken, as the image's own bytes say (never its name or declared type). */
const ACCEPTED = new Set(['jpeg', 'png', 'webp']);

export interface PreparedPhoto {
  contentType: 'image/jpeg';
  width: number;
  height: number;
  image: Buffer;
  thumbnail: Buffer;
}

/**
 * A photo as the store keeps it: checked by its content (JPEG, PNG or WebP, and it decodes),
 * turned upright, shrunk to at most 2560 px, re-encoded as JPEG — which drops its metadata, a
 * phone's GPS position included — with a 320 px thumbnail. Anything else is refused with why.
 */
export async function preparePhoto(bytes: Buffer): Promise<PreparedPhoto | { error: string }> {
  let format: string | undefined;
  try {
    format = (await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS }).metadata()).format;
  } catch {
    return { error: 'file: is not an image (JPEG, PNG or WebP)' };
  }
  if (!format || !ACCEPTED.has(format)) return { error: `file: ${format ?? 'this'} is not taken: JPEG, PNG or WebP only` };
  try {
    const decoded = () => sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' }).rotate();
    const { data: image, info } = await decoded()
      .resize({ width: MAX_EDGE_PX, height: MAX_EDGE_PX, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 85, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    const thumbnail = await decoded()
      .resize({ width: THUMBNAIL_EDGE_PX, height: THUMBNAIL_EDGE_PX, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 75 })
      .toBuffer();
    return { contentType: 'image/jpeg', width: info.width, height: info.height, image, thumbnail };
  } catch (error) {
    return { error: `file: the image could not be read (${(error as Error).message.split('\n')[0]})` };
  }
}
