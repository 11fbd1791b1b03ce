// The citizen's loop end to end, in Chromium, against the server as `pnpm start` runs it (the built
// `dist`), with the widgets' CDN bundle embedded by a municipal page on another origin:
// register without a phone and keep the personal link; register with a phone; staff answer both;
// the SMS reaches a local gateway; its link, opened exactly as sent, shows the answer, takes
// feedback, survives a reload, and leaves no token in the address bar. In Persian on a desktop
// and in English on a 390 px phone, with axe at 0 violations at every step.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { parseTrackingLink } from '@payam/core';
import { answerAsStaff, axeViolations, checkBuildIsFresh, CHROMIUM_FLAGS, CHROMIUM_PATH, root, runCli, screenshot, startCityPage, startPayam, startSmsGateway } from './support.mjs';

const texts = (lang) => JSON.parse(readFileSync(join(root, 'packages', 'widgets', 'src', 'locales', `${lang}.json`), 'utf8'));

let gateway;
let payam;
let city;
let browser;

before(async () => {
  checkBuildIsFresh();
  gateway = await startSmsGateway();
  city = await startCityPage(() => payam.url);
  payam = await startPayam(({ url }) => ({
    PAYAM_PUBLIC_URL: url,
    // The 137 line's messages open on the city's own page, on another origin.
    PAYAM_PUBLIC_URL_137: `${city.url}/track`,
    PAYAM_SMS_URL: gateway.url,
    PAYAM_SMS_API_KEY: 'e2e-key',
    PAYAM_SMS_SENDER: '10004346',
  }));
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
});

after(async () => {
  await browser?.close();
  await payam?.close();
  await city?.close();
  await gateway?.close();
});

/** Checks axe finds nothing on the page as it is now. */
async function accessible(page, step) {
  assert.deepEqual(await axeViolations(page), [], `axe violations at "${step}"`);
}

/** Waits for the tracker to show message `id` with one of `statuses`. */
async function trackerShows(page, id, ...statuses) {
  await page.locator(statuses.map((s) => `payam-status-tracker [part="status"][data-status="${s}"]`).join(', ')).waitFor({ timeout: 20_000 });
  assert.equal((await page.locator('payam-status-tracker .code').textContent()).trim(), id);
}

/** Registers a message in the report form and returns its tracking code. */
async function register(page, description, phone) {
  await page.locator('payam-report-form #description').fill(description);
  if (phone) await page.locator('payam-report-form #phone').fill(phone);
  await page.locator('payam-report-form button[type="submit"]').click();
  const code = page.locator('payam-report-form [part="tracking-code"]');
  await code.waitFor({ timeout: 20_000 });
  return (await code.textContent()).trim();
}

describe('the server as built', () => {
  it('refuses to start in production without a public address, and says which setting', async () => {
    const { code, output } = await runCli({ NODE_ENV: 'production', PAYAM_PUBLIC_URL: '', PORT: '0', PAYAM_DATA_DIR: '/nonexistent' });
    assert.equal(code, 2);
    assert.match(output, /PAYAM_PUBLIC_URL must be set/);
  });

  it('serves the versioned bundle to another origin with CORS, its type and a year of cache', async () => {
    const response = await fetch(`${payam.url}/widgets/${city.manifest.file}`, { headers: { origin: city.url } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.equal(response.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(response.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  });

  it('advertises its public address in discovery, which a client joins with /services.xml', async () => {
    const discovery = await (await fetch(`${payam.url}/open311/v2/discovery.json`)).json();
    assert.equal(discovery.endpoints[0].url, `${payam.url}/open311/v2`);
    const services = await fetch(`${discovery.endpoints[0].url}/services.xml`);
    assert.equal(services.status, 200);
    assert.match(await services.text(), /<services>/);
  });
});

describe('the embed from another origin', () => {
  it('runs the bundle with the SRI hash the build wrote, and refuses it with a wrong one', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${city.url}/track`);
    await page.locator('payam-report-form #description').waitFor({ timeout: 20_000 });
    const errors = [];
    const tampered = await context.newPage();
    tampered.on('console', (message) => errors.push(message.text()));
    await tampered.goto(`${city.url}/track?integrity=${encodeURIComponent('sha384-' + 'A'.repeat(64))}`);
    await tampered.waitForLoadState('load');
    assert.equal(await tampered.evaluate(() => customElements.get('payam-report-form') === undefined), true);
    assert.ok(errors.some((e) => /integrity/i.test(e)), `an integrity error is reported: ${errors.join(' | ')}`);
    await context.close();
  });
});

for (const run of [
  { lang: 'fa', width: 1280, height: 900, phone: '09121234567', locale: 'fa-IR' },
  { lang: 'en', width: 390, height: 844, phone: '09351234567', locale: 'en-US' },
]) {
  describe(`the citizen's loop in ${run.lang === 'fa' ? 'Persian' : 'English'} at ${run.width} px`, () => {
    const t = texts(run.lang);
    const shot = (page, step) => screenshot(page, `${run.lang}-${run.width}-${step}`);
    const device = () => browser.newContext({ viewport: { width: run.width, height: run.height }, locale: run.locale, permissions: ['clipboard-read', 'clipboard-write'] });
    let home;
    let first;
    let second;
    let smsLink;

    before(async () => {
      home = await device();
    });
    after(async () => {
      await home?.close();
    });

    it('registers a message without a phone and shows the personal link, copied and remembered', async () => {
      const page = await home.newPage();
      await page.goto(`${city.url}/track`);
      await page.locator('payam-report-form #description').waitFor({ timeout: 20_000 });
      assert.equal(await page.evaluate(() => document.documentElement.lang), run.lang);
      // The photos come from their own file beside the single file, from the same other origin.
      await page.locator('payam-report-form [part="photos"]').waitFor({ timeout: 20_000 });
      await shot(page, '1-page');
      await accessible(page, 'the page');
      const description = run.lang === 'fa' ? 'چراغ کوچهٔ سوم خیابان آزادی خاموش است.' : 'The light in the third alley of Azadi Street is out.';
      const id = await register(page, description);
      const personal = await page.locator('payam-report-form #personal-link').inputValue();
      const link = parseTrackingLink(personal);
      assert.equal(link?.messageId, id);
      assert.ok(link?.citizenToken, 'the personal link carries the token');
      assert.ok(personal.startsWith(`${city.url}/track?message=${id}#token=`), personal);
      assert.match(await page.locator('payam-report-form [part="personal-link"]').textContent(), new RegExp(t.report.personalTitle));
      await page.locator('payam-report-form #copy-link').click();
      await page.locator('payam-report-form [part="personal-link"] [role="status"]').filter({ hasText: t.report.copied }).waitFor();
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), personal);
      await page.locator('payam-report-form #remember').check();
      await shot(page, '2-personal-link');
      await accessible(page, 'the personal link');
      first = { id, link: personal };
      await page.close();
    });

    it('registers a message with a phone', async () => {
      const page = await home.newPage();
      await page.goto(`${city.url}/track`);
      await page.locator('payam-report-form #description').waitFor({ timeout: 20_000 });
      const description = run.lang === 'fa' ? 'گودال عمیق جلوی پلاک ۱۲ خیابان گلها.' : 'A deep pothole in front of number 12, Golha Street.';
      second = { id: await register(page, description, run.phone) };
      assert.match(await page.locator('payam-report-form [part="success"]').textContent(), new RegExp(t.report.smsNext.slice(0, 20)));
      await page.close();
    });

    it('staff answer both, and the SMS with the tracking link reaches the gateway', async () => {
      await answerAsStaff(payam.url, first.id, run.lang === 'fa' ? 'چراغ تعویض شد.' : 'The lamp was replaced.');
      await answerAsStaff(payam.url, second.id, run.lang === 'fa' ? 'گودال پر شد.' : 'The pothole was filled.');
      const sms = await gateway.smsTo(run.phone);
      assert.equal(sms.apiKey, 'e2e-key');
      assert.match(sms.localid, /feedback_invitation/);
      smsLink = /https?:\/\/\S+/.exec(sms.message)?.[0];
      assert.ok(smsLink, `the SMS holds a link: ${sms.message}`);
      const link = parseTrackingLink(smsLink);
      assert.equal(link?.messageId, second.id);
      assert.ok(smsLink.startsWith(`${city.url}/track?message=`), smsLink);
      assert.ok(!sms.message.includes(payam.url.replace('http://', '')) || smsLink.startsWith(city.url));
    });

    it('opens the SMS link exactly as sent, shows the answer and takes the token out of the address bar', async () => {
      const phone = await device();
      const page = await phone.newPage();
      await page.goto(smsLink);
      await trackerShows(page, second.id, 'answered');
      assert.ok(!page.url().includes('token'), page.url());
      assert.ok(page.url().includes(`message=${second.id}`), page.url());
      await page.locator('payam-feedback-form form[data-stage="feedback"]').waitFor();
      await shot(page, '3-sms-link-answered');
      await accessible(page, 'the SMS link');

      await page.locator('payam-feedback-form input[name="resolved"][value="yes"]').check();
      await page.locator('payam-feedback-form input[name="rating"][value="5"]').check();
      await page.locator('payam-feedback-form #text').fill(run.lang === 'fa' ? 'ممنون، سریع بود.' : 'Thank you, that was quick.');
      await page.locator('payam-feedback-form button[type="submit"]').click();
      const received = page.locator('payam-feedback-form [part="notice"]');
      await received.filter({ hasText: t.feedback.feedbackSent }).waitFor({ timeout: 20_000 });
      await shot(page, '4-feedback-received');
      await accessible(page, 'feedback received');

      // A reload keeps working: the token stayed in the tab, not in the address.
      await page.reload();
      // Feedback that the problem is resolved may close the message.
      await trackerShows(page, second.id, 'answered', 'closed');
      assert.ok(!page.url().includes('token'), page.url());
      await page.locator('payam-feedback-form [part="notice"]').filter({ hasText: t.feedback.alreadyGiven }).waitFor({ timeout: 20_000 });
      await shot(page, '5-after-reload');
      await accessible(page, 'after a reload');
      await phone.close();
    });

    it('opens the personal link of the citizen without a phone on another device', async () => {
      const other = await device();
      const page = await other.newPage();
      await page.goto(first.link);
      await trackerShows(page, first.id, 'answered');
      assert.ok(!page.url().includes('token'), page.url());
      // The token works: the feedback form offers feedback on the answer.
      await page.locator('payam-feedback-form form[data-stage="feedback"]').waitFor({ timeout: 20_000 });
      await other.close();
    });

    it('offers the remembered message under "my messages" on the next visit', async () => {
      const page = await home.newPage();
      await page.goto(`${city.url}/track`);
      const mine = page.locator('payam-status-tracker [part="my-messages"]');
      await mine.waitFor({ timeout: 20_000 });
      assert.match(await mine.textContent(), new RegExp(t.tracker.myMessages));
      await shot(page, '6-my-messages');
      await accessible(page, 'my messages');
      await mine.locator('a', { hasText: first.id }).click();
      await trackerShows(page, first.id, 'answered');
      assert.ok(!page.url().includes('token'), page.url());
      await page.locator('payam-feedback-form form[data-stage="feedback"]').waitFor({ timeout: 20_000 });
      await page.close();
    });
  });
}
