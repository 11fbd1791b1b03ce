import sharp from 'sharp';

/** A camera's name written into the fixture's EXIF, to find if any metadata survives. */
export const CAMERA_MAKE = 'PayamCam';

function rationals(value: number): number[] {
  const degrees = Math.floor(value);
  const minutes = Math.floor((value - degrees) * 60);
  const seconds = Math.round(((value - degrees) * 60 - minutes) * 60 * 10_000);
  return [degrees, 1, minutes, 1, seconds, 10_000];
}

/**
 * An EXIF block (APP1 payload, little-endian TIFF) written by hand: IFD0 with the camera's make and
 * a GPS IFD pointer; the GPS IFD with latitude and longitude and their references.
 */
export function exifWithGps(lat: number, long: number): Buffer {
  const tiff = Buffer.alloc(150);
  tiff.write('II', 0, 'latin1');
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(8, 4);
  const entry = (at: number, tag: number, type: number, count: number, value: number | string) => {
    tiff.writeUInt16LE(tag, at);
    tiff.writeUInt16LE(type, at + 2);
    tiff.writeUInt32LE(count, at + 4);
    if (typeof value === 'string') tiff.write(value, at + 8, 'latin1');
    else tiff.writeUInt32LE(value, at + 8);
  };
  // IFD0 at 8: Make (0x010f), GPSInfo (0x8825).
  tiff.writeUInt16LE(2, 8);
  entry(10, 0x010f, 2, CAMERA_MAKE.length + 1, 140);
  entry(22, 0x8825, 4, 1, 38);
  tiff.writeUInt32LE(0, 34);
  // GPS IFD at 38.
  tiff.writeUInt16LE(4, 38);
  entry(40, 1, 2, 2, lat < 0 ? 'S' : 'N');
  entry(52, 2, 5, 3, 92);
  entry(64, 3, 2, 2, long < 0 ? 'W' : 'E');
  entry(76, 4, 5, 3, 116);
  tiff.writeUInt32LE(0, 88);
  rationals(Math.abs(lat)).forEach((n, i) => tiff.writeUInt32LE(n, 92 + i * 4));
  rationals(Math.abs(long)).forEach((n, i) => tiff.writeUInt32LE(n, 116 + i * 4));
  tiff.write(`${CAMERA_MAKE}\0`, 140, 'latin1');
  return Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
}

/** A JPEG photo (a gradient, 640×480) with an EXIF block holding a GPS position and a camera make. */
export async function jpegWithGps(lat: number, long: number): Promise<Buffer> {
  const jpeg = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 200, g: 120, b: 40 } } }).jpeg().toBuffer();
  const exif = exifWithGps(lat, long);
  const app1 = Buffer.alloc(4);
  app1.writeUInt16BE(0xffe1, 0);
  app1.writeUInt16BE(exif.length + 2, 2);
  // Right after the start-of-image marker, where cameras put it.
  return Buffer.concat([jpeg.subarray(0, 2), app1, exif, jpeg.subarray(2)]);
}

/** A small PNG without metadata. */
export function png(): Promise<Buffer> {
  return sharp({ create: { width: 32, height: 24, channels: 4, background: { r: 0, g: 90, b: 200, alpha: 1 } } }).png().toBuffer();
}

/** A GIF: an image, but not a type photos are taken in. */
export function gif(): Promise<Buffer> {
  return sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } }).gif().toBuffer();
}
