// The ceiling the reference server is measured against: a bare Hono handler doing the same
// single-row insert and select through `pg`, with nothing else (no validation, no lifecycle,
// no timeline, no outbox). Started as a child process by server-api.mjs.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import pg from 'pg';

const [databaseUrl, poolSize = '16'] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: databaseUrl, max: Number(poolSize) });
await pool.query(`CREATE TABLE IF NOT EXISTS ceiling_messages (
  id bigserial PRIMARY KEY, description text NOT NULL, lat double precision, long double precision,
  created_at timestamptz NOT NULL DEFAULT now())`);

const app = new Hono();
app.post('/requests.json', async (c) => {
  const body = await c.req.json();
  const { rows } = await pool.query(
    'INSERT INTO ceiling_messages (description, lat, long) VALUES ($1, $2, $3) RETURNING id',
    [body.description, body.lat, body.long],
  );
  return c.json([{ service_request_id: String(rows[0].id) }], 201);
});
app.get('/requests/:id', async (c) => {
  const id = c.req.param('id').replace(/\.json$/, '');
  const { rows } = await pool.query('SELECT * FROM ceiling_messages WHERE id = $1', [id]);
  if (rows.length === 0) return c.json([{ code: 404, description: 'not found' }], 404);
  return c.json([rows[0]]);
});

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.send?.({ url: `http://127.0.0.1:${info.port}` });
});
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
