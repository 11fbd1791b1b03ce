/** The OpenAPI 3.1 document of the whole API. */
export function openApiDocument(serverUrl: string): Record<string, unknown> {
  return { openapi: '3.1.0', info: { title: 'Payam API', version: '0.1.0' }, servers: [{ url: serverUrl }], paths: {} };
}
