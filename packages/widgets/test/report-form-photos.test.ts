/**
 * The report form's photos against the real reference server on loopback: chosen, uploaded with
 * a thumbnail, the photo's EXIF position offered when no location was given, named by the
 * registered message; a file the server refuses is said in the citizen's language and stops the
 * send until it is tried again or removed; never more than three.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../src/report-form.js';
import type { PayamReportForm } from '../src/index.js';
import { part, textOf, type, until } from './helpers.js';

const serverUrl = window.PAYAM_SERVER_URL;

/** A JPEG drawn on a canvas, with an EXIF block (APP1) that holds a GPS position, as a phone's camera writes it. */
async function jpegWithGps(lat: number, long: number): Promise<File> {
  const canvas = document.createElement('canvas');
  canvas.width = 64;
  canvas.height = 48;
  const g = canvas.getContext('2d')!;
  g.fillStyle = '#c87828';
  g.fillRect(0, 0, 64, 48);
  const jpeg = new Uint8Array(await (await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/jpeg'))).arrayBuffer());
  // TIFF, little-endian: IFD0 with a GPS IFD pointer; the GPS IFD with latitude, longitude and their references.
  const tiff = new DataView(new ArrayBuffer(140));
  const ascii = (at: number, text: string) => [...text].forEach((c, i) => tiff.setUint8(at + i, c.charCodeAt(0)));
  ascii(0, 'II');
  tiff.setUint16(2, 42, true);
  tiff.setUint32(4, 8, true);
  const entry = (at: number, tag: number, kind: number, count: number, value: number | string) => {
    tiff.setUint16(at, tag, true);
    tiff.setUint16(at + 2, kind, true);
    tiff.setUint32(at + 4, count, true);
    if (typeof value === 'string') ascii(at + 8, value);
    else tiff.setUint32(at + 8, value, true);
  };
  tiff.setUint16(8, 1, true);
  entry(10, 0x8825, 4, 1, 26);
  tiff.setUint32(22, 0, true);
  tiff.setUint16(26, 4, true);
  entry(28, 1, 2, 2, lat < 0 ? 'S' : 'N');
  entry(40, 2, 5, 3, 80);
  entry(52, 3, 2, 2, long < 0 ? 'W' : 'E');
  entry(64, 4, 5, 3, 104);
  tiff.setUint32(76, 0, true);
  const rationals = (at: number, value: number) => {
    const d = Math.floor(value);
    const m = Math.floor((value - d) * 60);
    const s = Math.round(((value - d) * 60 - m) * 60 * 10_000);
    [d, 1, m, 1, s, 10_000].forEach((n, i) => tiff.setUint32(at + i * 4, n, true));
  };
  rationals(80, Math.abs(lat));
  rationals(104, Math.abs(long));
  const exif = new Uint8Array([...new TextEncoder().encode('Exif\0\0'), ...new Uint8Array(tiff.buffer)]);
  const app1 = new Uint8Array([0xff, 0xe1, (exif.length + 2) >> 8, (exif.length + 2) & 0xff]);
  const bytes = new Uint8Array([...jpeg.subarray(0, 2), ...app1, ...exif, ...jpeg.subarray(2)]);
  return new File([bytes], 'pothole.jpg', { type: 'image/jpeg' });
}

/** Chooses files in the picker as the browser does when the citizen picks them. */
function pick(el: PayamReportForm, files: File[]): void {
  const input = part<HTMLInputElement>(el, '#photos');
  const transfer = new DataTransfer();
  for (const file of files) transfer.items.add(file);
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

async function reportForm(lang: 'fa' | 'en'): Promise<PayamReportForm> {
  expect(serverUrl, 'the reference server must be running (pnpm build first)').to.be.a('string');
  const el = await fixture<PayamReportForm>(html`<payam-report-form base-url=${serverUrl!} api-key="demo" lang=${lang} keep-draft="none"></payam-report-form>`);
  await until(el, () => !!el.shadowRoot!.querySelector('#photos') && !!el.shadowRoot!.querySelector('#service'));
  return el;
}

const photoStates = (el: PayamReportForm) => [...el.shadowRoot!.querySelectorAll('.photo-list li')].map((li) => li.getAttribute('data-state'));

describe('<payam-report-form> photos', () => {
  it('uploads a photo, offers its position when no location was given, and registers the message with it', async () => {
    const el = await reportForm('en');
    const picker = part<HTMLInputElement>(el, '#photos');
    expect(picker.accept).to.equal('image/*');
    pick(el, [await jpegWithGps(35.7219, 51.3347)]);
    await until(el, () => photoStates(el)[0] === 'uploaded');
    expect(part<HTMLImageElement>(el, '.photo-list img').alt).to.equal('Photo 1');
    expect(textOf(el)).to.contain('Photo 1 says where it was taken: 35.7219, 51.3347.');
    await expect(el).to.be.accessible();

    part<HTMLButtonElement>(el, '#use-photo-position').click();
    await until(el, () => el.shadowRoot!.activeElement?.id === 'remove-location');
    expect(textOf(el)).to.contain('Location added: 35.7219, 51.3347');
    // The offer is gone once the message has a location.
    expect(el.shadowRoot!.querySelector('#use-photo-position')).to.equal(null);

    type(part(el, '#description'), 'A pothole in front of the school, see the photo');
    const submitted = oneEvent(el, 'payam-submitted');
    part<HTMLButtonElement>(el, 'button[type="submit"]').click();
    const { id } = (await submitted).detail as { id: string };
    const photos = (await (await fetch(`${serverUrl}/open311/v2/requests/${id}/media.json`)).json()) as { content_type: string }[];
    expect(photos.map((p) => p.content_type)).to.deep.equal(['image/jpeg']);
    const [message] = (await (await fetch(`${serverUrl}/open311/v2/requests/${id}.json`)).json()) as { lat: number; long: number }[];
    expect([message!.lat, message!.long]).to.deep.equal([35.7219, 51.3347]);
  });

  it('says in Persian why a file was refused, keeps the message from being sent until it is removed, and takes at most three', async () => {
    const el = await reportForm('fa');
    const notAPhoto = (name: string) => new File(['not a photo'], name, { type: 'image/jpeg' });
    pick(el, [notAPhoto('a.jpg'), notAPhoto('b.jpg'), notAPhoto('c.jpg'), notAPhoto('d.jpg')]);
    await until(el, () => photoStates(el).length === 3 && photoStates(el).every((s) => s === 'failed'));
    expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain('حداکثر ۳ عکس');
    // Full: the picker gives way to a sentence that says so.
    expect(el.shadowRoot!.querySelector('#photos')).to.equal(null);
    expect(el.shadowRoot!.querySelector('.photo-list li [role="status"]')!.textContent).to.match(/^بارگذاری نشد: .*JPEG/);
    await expect(el).to.be.accessible();

    type(part(el, '#description'), 'چاله جلوی مدرسه');
    part<HTMLButtonElement>(el, 'button[type="submit"]').click();
    await until(el, () => !!el.shadowRoot!.querySelector('#photos-error'));
    expect(part(el, '#photos-error').textContent).to.contain('عکسی بارگذاری نشد');

    // Removing a photo moves focus to the one that took its place, and the last one to the picker.
    const [first] = el.shadowRoot!.querySelectorAll<HTMLElement>('.photo-list li');
    part<HTMLButtonElement>(el, `#${first!.id}-remove`).click();
    await until(el, () => el.shadowRoot!.activeElement?.id.endsWith('-remove') === true && photoStates(el).length === 2);
    for (let left = 2; left > 0; left--) {
      (el.shadowRoot!.activeElement as HTMLButtonElement).click();
      await until(el, () => photoStates(el).length === left - 1);
    }
    await until(el, () => el.shadowRoot!.activeElement?.id === 'photos');
  });
});
