import type { TestProject } from 'vitest/node';
// @ts-expect-error: a plain ES module without types, shared with the benchmarks.
import { startPostgres } from '../../../../scripts/postgres.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The throwaway PostgreSQL cluster's URL (its `payam` database). */
    postgresUrl: string;
  }
}

/** Starts one PostgreSQL cluster for the run and stops it afterwards. */
export default async function setup(project: TestProject): Promise<() => void> {
  const pg = (await startPostgres()) as { url: string; stop(): void };
  project.provide('postgresUrl', pg.url);
  return () => pg.stop();
}
