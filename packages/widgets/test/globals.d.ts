// Mocha's globals, as web-test-runner provides them in the browser.
declare function describe(title: string, body: () => void): void;
declare function it(title: string, body: () => void | Promise<unknown>): void;
declare function before(body: () => void | Promise<unknown>): void;
declare function after(body: () => void | Promise<unknown>): void;
declare function beforeEach(body: () => void | Promise<unknown>): void;
declare function afterEach(body: () => void | Promise<unknown>): void;

interface Window {
  /** The reference server's URL, set by web-test-runner.config.mjs (null when it did not start). */
  PAYAM_SERVER_URL: string | null;
}
