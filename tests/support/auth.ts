import { SESSION_COOKIE, signSession } from '@server/auth/session.ts';
import type { TestApp } from './test-app.ts';

/** Request headers carrying a valid session for a staff member (as if they had logged in through OAuth). */
export async function sessionHeaders(app: TestApp, userid: string): Promise<Record<string, string>> {
  const rows: Array<{ id: number }> = await app.deps.ds.query('SELECT id FROM staff WHERE userid = ?', [userid]);
  const id = rows[0]?.id;
  if (id === undefined) throw new Error(`no staff ${userid}`);
  const token = signSession(app.deps.config.sessionSecret, { sid: id, uid: userid, exp: Math.floor(Date.now() / 1000) + 3600 });
  return { cookie: `${SESSION_COOKIE}=${token}` };
}
