import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerOpenResponseSchema } from '@shared/api/open.ts';
import { sessionHeaders } from '../../../../tests/support/auth.ts';
import { statementsDuring } from '../../../../tests/support/count-statements.ts';
import { seedSidebarFixture } from '../../../../tests/support/customer-fixtures.ts';
import { startTestApp, type TestApp } from '../../../../tests/support/test-app.ts';

describe('the 1v1 open in one call', () => {
  let app: TestApp;
  const get = async (path: string, userid: string) => app.request(path, { headers: await sessionHeaders(app, userid) });
  const json = async (path: string, userid: string): Promise<unknown> => {
    const res = await get(path, userid);
    expect(res.status, path).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    app = await startTestApp({ ADMIN_USERIDS: 'boss' });
    await seedSidebarFixture(app.deps.ds);
  });
  afterAll(async () => app.stop());

  it('answers with who is signed in, the profile and the next actions — the same as the separate endpoints', async () => {
    for (const [userid, externalUserid, id] of [
      ['g1', 'wm_zhangsan', 1],
      ['g2', 'wm_lisi', 2],
    ] as const) {
      const open = customerOpenResponseSchema.parse(await json(`/api/open/customer/${externalUserid}`, userid));
      expect(open.me).toEqual(await json('/api/me', userid));
      expect(open.profile).toEqual(await json(`/api/customers/${id}`, userid));
      expect(open.nextActions).toEqual(await json(`/api/customers/${id}/next-actions`, userid));
    }
    // (The fixture makes both halves non-trivial: a new friend today gets a suggestion, tags are set.)
    const lisi = customerOpenResponseSchema.parse(await json('/api/open/customer/wm_lisi', 'g2'));
    expect(lisi.nextActions.items.map((i) => i.code)).toContain('welcome_new');
    const zhang = customerOpenResponseSchema.parse(await json('/api/open/customer/wm_zhangsan', 'g1'));
    expect(zhang.profile.tagGroups.flatMap((g) => g.tags.filter((t) => t.mine).map((t) => t.name))).toEqual(['VIP']);
    expect(zhang.profile.name).toBe('张三');
    expect(zhang.profile.value.rfmSegmentLabel).toBe('重要价值客户');
  });

  it('checks access once with the same policy: managers see their department, others 403, unknown 404, no session 401', async () => {
    expect((await get('/api/open/customer/wm_lisi', 'mgr')).status).toBe(200);
    expect((await get('/api/open/customer/wm_lisi', 'boss')).status).toBe(200);
    const denied = await get('/api/open/customer/wm_zhangsan', 'g3');
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as { error: { id: string } }).error.id).toBe('forbidden_customer');
    const unknown = await get('/api/open/customer/wm_nobody', 'g1');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { id: string } }).error.id).toBe('customer_not_found');
    expect((await app.request('/api/open/customer/wm_zhangsan')).status).toBe(401);
    expect((await get(`/api/open/customer/${'x'.repeat(65)}`, 'g1')).status).toBe(400);
  });

  const count = async (userid: string, path: string): Promise<string[]> => {
    const headers = await sessionHeaders(app, userid);
    return statementsDuring(app.deps.ds, async () => {
      expect((await app.request(path, { headers })).status).toBe(200);
    });
  };

  it('costs at most four statements (three when no next action fires), fewer than the three separate calls', async () => {
    await count('g1', '/api/open/customer/wm_zhangsan'); // the tag catalog and the rules are read once per version
    // session (with the cached data's version); customer + follows + tags + consent; one UNION ALL of times and counts
    const quiet = await count('g1', '/api/open/customer/wm_zhangsan');
    expect(quiet).toHaveLength(3);
    expect(quiet.filter((sql) => sql.includes('c.external_userid = ?'))).toHaveLength(1);
    expect(quiet.filter((sql) => /FROM (tag_group|nba_rule)\b/.test(sql))).toEqual([]);
    // … and the candidate scripts with what was done lately when a rule fires (a new friend today)
    const fired = await count('g2', '/api/open/customer/wm_lisi');
    expect(fired.length).toBeLessThanOrEqual(4);
    expect(fired).toHaveLength(4);
    // The open path as it was: by-external, then profile and next actions, each authenticated.
    const before = [
      ...(await count('g2', '/api/customers/by-external/wm_lisi')),
      ...(await count('g2', '/api/customers/2')),
      ...(await count('g2', '/api/customers/2/next-actions')),
    ];
    expect(before.length).toBeGreaterThan(fired.length);
  });

  it('sees a tag renamed by another server at once: the write bumps the catalog version the session reads', async () => {
    const vipName = async (): Promise<string | undefined> => {
      const open = customerOpenResponseSchema.parse(await json('/api/open/customer/wm_zhangsan', 'g1'));
      return open.profile.tagGroups.flatMap((g) => g.tags).find((t) => t.id === 'tag_vip')?.name;
    };
    expect(await vipName()).toBe('VIP');
    // What another process of the fleet commits when a tag changes (writeCorpTags, createCorpTag…): the row and the version.
    await app.deps.ds.transaction(async (em) => {
      await em.query("UPDATE tag SET name = 'VIP会员' WHERE id = 'tag_vip'");
      await em.query("UPDATE data_version SET version = version + 1 WHERE name = 'tag_catalog'");
    });
    expect(await vipName()).toBe('VIP会员');
    const reread = await count('g1', '/api/open/customer/wm_zhangsan');
    expect(reread.filter((sql) => /FROM tag_group\b/.test(sql))).toEqual([]);
    await app.deps.ds.transaction(async (em) => {
      await em.query("UPDATE tag SET name = 'VIP' WHERE id = 'tag_vip'");
      await em.query("UPDATE data_version SET version = version + 1 WHERE name = 'tag_catalog'");
    });
    expect(await vipName()).toBe('VIP');
  });
});
