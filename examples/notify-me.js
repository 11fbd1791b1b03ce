// "Notify me": after a message is registered, the citizen can have this browser notified of it
// (Web Push through the server's service worker, /payam-push-worker.js). The subscription is sent
// with the message's citizen token; nothing else about the citizen is.
const section = document.getElementById('notify');
const button = document.getElementById('notify-button');
const status = document.getElementById('notify-status');
const texts = {
  fa: { ok: 'این مرورگر از پیشرفت پیام باخبر می‌شود.', denied: 'اجازهٔ اعلان داده نشد.', unsupported: 'این مرورگر اعلان وب را پشتیبانی نمی‌کند.', failed: 'اشتراک اعلان ممکن نشد: ' },
  en: { ok: 'This browser will be notified of the message’s progress.', denied: 'Permission for notifications was not given.', unsupported: 'This browser does not support web notifications.', failed: 'Could not subscribe: ' },
};
const lang = () => (document.documentElement.lang === 'en' ? 'en' : 'fa');
let registered = null;

document.getElementById('report').addEventListener('payam-submitted', (event) => {
  registered = { id: event.detail.id, token: event.detail.citizenToken };
  section.hidden = false;
  status.textContent = '';
});

button.addEventListener('click', async () => {
  if (!registered) return;
  if (!('serviceWorker' in navigator) || !('PushManager' in window)) {
    status.textContent = texts[lang()].unsupported;
    return;
  }
  button.disabled = true;
  try {
    const worker = await navigator.serviceWorker.register('/payam-push-worker.js', { scope: '/' });
    await navigator.serviceWorker.ready;
    if ((await Notification.requestPermission()) !== 'granted') {
      status.textContent = texts[lang()].denied;
      return;
    }
    const { public_key } = await (await fetch('/open311/v2/push/vapid_public_key.json')).json();
    const subscription = await worker.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: public_key });
    const response = await fetch(`/open311/v2/requests/${encodeURIComponent(registered.id)}/subscriptions.json?lang=${lang()}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-citizen-token': registered.token },
      body: JSON.stringify(subscription.toJSON()),
    });
    if (!response.ok) throw new Error((await response.json())[0]?.description ?? `HTTP ${response.status}`);
    status.textContent = texts[lang()].ok;
  } catch (error) {
    status.textContent = texts[lang()].failed + (error instanceof Error ? error.message : String(error));
  } finally {
    button.disabled = false;
  }
});
