/**
 * The service worker citizen pages register for Web Push (`/payam-push-worker.js`): it shows each
 * push (the server's `{ title, body, url }`) as a notification and opens its tracking link when
 * the citizen clicks it. Plain script: it runs in the browser as served.
 */
export const PUSH_WORKER_SCRIPT = `// Payam: shows the notifications of the messages this browser subscribed to.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { body: event.data ? event.data.text() : '' };
  }
  const title = typeof data.title === 'string' && data.title ? data.title : 'Payam';
  event.waitUntil(
    self.registration.showNotification(title, {
      body: typeof data.body === 'string' ? data.body : '',
      tag: typeof data.messageId === 'string' ? data.messageId : undefined,
      data: { url: typeof data.url === 'string' ? data.url : '/' },
    }),
  );
});
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = new URL(event.notification.data && event.notification.data.url ? event.notification.data.url : '/', self.location.origin);
  event.waitUntil(self.clients.openWindow(url.href));
});
`;
