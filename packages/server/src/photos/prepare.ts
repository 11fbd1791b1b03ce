import exifReader from 'exif-reader';
import type Sharp from 'sharp';

/** The photo formats accepted, by the format sharp reads and the type they are served as. */
export const PHOTO_TYPES = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' } as const;
/** A photo format accepted. */
export type PhotoFormat = keyof typeof PHOTO_TYPES;

/** The file name suffix of each format. */
export const PHOTO_SUFFIX: Record<PhotoFormat, string> = { jpeg: 'jpg', png: 'png', webp: 'webp' };

/** A photo ready to keep: re-encoded, without metadata, and the position its metadata gave, if any. */
export interface PreparedPhoto {
  /** Its format. */
  format: PhotoFormat;
  /** The re-encoded image: pixels only, no EXIF, XMP, IPTC or ICC comments. */
  bytes: Buffer;
  /** Where the photo says it was taken (EXIF GPS), to offer the citizen as the message's location. Never stored. */
  position: { lat: number; long: number } | null;
}

/** Why a file is not a photo this server takes. */
export class PhotoRefused extends Error {
  constructor(readonly reason: 'type' | 'unreadable') {
    super(reason === 'type' ? 'not a JPEG, PNG or WebP image' : 'not a readable image');
    this.name = 'PhotoRefused';
  }
}

/** The longest side a photo is kept at: enough to see a pothole, small enough to serve on a phone. */
export const MAX_PHOTO_SIDE = 2560;
// A decompression bomb (a small file of a huge image) is refused before it is decoded.
const MAX_INPUT_PIXELS = 40_000_000;

function degrees(parts: readonly number[] | undefined, ref: string | undefined, negative: string): number | null {
  if (!parts || parts.length < 3 || parts.some((p) => !Number.isFinite(p))) return null;
  const value = parts[0]! + parts[1]! / 60 + parts[2]! / 3600;
  return ref?.toUpperCase().startsWith(negative) ? -value : value;
}

/** The EXIF GPS position of a photo, or `null` (no EXIF, no GPS, or a position outside the globe). */
export function exifPosition(exif: Buffer | undefined): { lat: number; long: number } | null {
  if (!exif) return null;
  try {
    const gps = exifReader(exif).GPSInfo;
    const lat = degrees(gps?.GPSLatitude, gps?.GPSLatitudeRef, 'S');
    const long = degrees(gps?.GPSLongitude, gps?.GPSLongitudeRef, 'W');
    if (lat === null || long === null || Math.abs(lat) > 90 || Math.abs(long) > 180) return null;
    return { lat: Math.round(lat * 1e6) / 1e6, long: Math.round(long * 1e6) / 1e6 };
  } catch {
    return null;
  }
}

let sharpModule: Promise<typeof Sharp> | undefined;

/**
 * sharp (libvips, a native module) loaded with the first photo rather than at every start of the
 * server and of the command line, most of which never see a photo. A machine where it cannot load
 * fails that upload as a server error, not as the citizen's unreadable photo.
 */
function loadSharp(): Promise<typeof Sharp> {
  sharpModule ??= import('sharp').then((module) => module.default);
  return sharpModule;
}

/**
 * Reads a citizen's photo (`sharp`, libvips), takes its EXIF position, and re-encodes it in its
 * own format: turned upright by its EXIF orientation, at most {@link MAX_PHOTO_SIDE} pixels a side,
 * every metadata block dropped (sharp writes none unless asked), so the GPS position, the camera's
 * serial number and the time never reach anyone who sees the photo.
 */
export async function preparePhoto(input: Uint8Array): Promise<PreparedPhoto> {
  const sharp = await loadSharp();
  let format: string | undefined;
  let exif: Buffer | undefined;
  try {
    const metadata = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
    format = metadata.format;
    exif = metadata.exif;
  } catch {
    throw new PhotoRefused('unreadable');
  }
  if (format !== 'jpeg' && format !== 'png' && format !== 'webp') throw new PhotoRefused('type');
  try {
    const image = sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, animated: false })
      .rotate()
      .resize({ width: MAX_PHOTO_SIDE, height: MAX_PHOTO_SIDE, fit: 'inside', withoutEnlargement: true });
    const encoded = format === 'jpeg' ? image.jpeg({ quality: 85, mozjpeg: true }) : format === 'png' ? image.png() : image.webp({ quality: 85 });
    return { format, bytes: await encoded.toBuffer(), position: exifPosition(exif) };
  } catch {
    throw new PhotoRefused('unreadable');
  }
}
