import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tagGroupsResponseSchema, updateCustomerTagsResponseSchema } from '@shared/api/tags.ts';
import { sessionHeaders } from '../../../../tests/support/auth.ts';
import { someRelation, startSimApp, type SimApp } from '../../../../tests/support/sim-app.ts';

interface ErrorJson {
  error: { id: string; message: string };
}

describe('tag write-back through the WeCom simulator', () => {
  let s: SimApp;
  let rel: { userid: string; externalUserid: string; customerId: number };
  let headers: Record<string, string>;
  const post = (path: string, body: unknown, h = headers) =>
    s.app.request(path, { method: 'POST', headers: { ...h, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  /** The follow_user tags WeCom (the simulator) holds for the relation, via externalcontact/get. */
  async function wecomTagIds(): Promise<string[]> {
    const { wecomClientFor } = await import('@server/wecom/client.ts');
    const detail = await wecomClientFor(s.app.deps).getExternalContact(rel.externalUserid);
    return (detail.follow_user.find((f) => f.userid === rel.userid)?.tags ?? [])
      .map((t) => t.tag_id ?? '')
      .filter(Boolean)
      .sort();
  }
  async function localTagIds(): Promise<string[]> {
    const rows: Array<{ tag_id: string }> = await s.app.deps.ds.query(
      `SELECT ct.tag_id FROM customer_tag ct JOIN customer_follow f ON f.id = ct.follow_id JOIN staff st ON st.id = f.staff_id
        WHERE ct.customer_id = ? AND st.userid = ? ORDER BY ct.tag_id`,
      [rel.customerId, rel.userid],
    );
    return rows.map((r) => r.tag_id).sort();
  }

  beforeAll(async () => {
    s = await startSimApp();
    rel = await someRelation(s);
    headers = await sessionHeaders(s.app, rel.userid);
  });
  afterAll(async () => s.stop());

  it('lists the corp tag groups with their tags', async () => {
    const res = tagGroupsResponseSchema.parse(await (await s.app.request('/api/tag-groups', { headers })).json());
    expect(res.groups.length).toBeGreaterThan(0);
    expect(res.groups.every((g) => g.tags.length > 0)).toBe(true);
    expect(res.canCreateTags).toBe(false);
  });

  it('adds and removes tags in WeCom first, then locally, with tag_added / tag_removed on the timeline', async () => {
    const before = await wecomTagIds();
    expect(await localTagIds()).toEqual(before);
    const catalog = tagGroupsResponseSchema.parse(await (await s.app.request('/api/tag-groups', { headers })).json());
    const all = catalog.groups.flatMap((g) => g.tags.map((t) => t.id));
    const toAdd = all.filter((t) => !before.includes(t)).slice(0, 2);
    const toRemove = before.slice(0, 1);
    const res = await post(`/api/customers/${rel.customerId}/tags`, { add: toAdd, remove: toRemove });
    expect(res.status).toBe(200);
    const body = updateCustomerTagsResponseSchema.parse(await res.json());
    expect(body.added.sort()).toEqual([...toAdd].sort());
    expect(body.removed).toEqual(toRemove);
    const expected = [...before.filter((t) => !toRemove.includes(t)), ...toAdd].sort();
    expect(await wecomTagIds()).toEqual(expected);
    expect(await localTagIds()).toEqual(expected);
    const mine = body.tagGroups
      .flatMap((g) => g.tags)
      .filter((t) => t.mine)
      .map((t) => t.id)
      .sort();
    expect(mine).toEqual(expected);

    const timeline = (await (
      await s.app.request(`/api/customers/${rel.customerId}/timeline?types=tag_added,tag_removed`, { headers })
    ).json()) as {
      items: Array<{ type: string; summary: string; detail: { tagNames?: string[] } }>;
    };
    expect(timeline.items.map((i) => i.type).sort()).toEqual(toRemove.length > 0 ? ['tag_added', 'tag_removed'] : ['tag_added']);
    expect(timeline.items.find((i) => i.type === 'tag_added')?.detail.tagNames).toHaveLength(toAdd.length);
  });

  it('leaves the database unchanged when WeCom refuses mark_tag because the relation is gone (409 relation_gone)', async () => {
    // The simulator forgets the relation (the customer deleted the guide); our database does not know yet.
    const customer = s.sim.state.customers.get(rel.externalUserid)!;
    const saved = customer.follows;
    customer.follows = saved.filter((f) => f.userid !== rel.userid);
    try {
      const before = await localTagIds();
      const interactions: Array<{ n: number }> = await s.app.deps.ds.query('SELECT COUNT(*) AS n FROM interaction');
      const catalog = tagGroupsResponseSchema.parse(await (await s.app.request('/api/tag-groups', { headers })).json());
      const add = catalog.groups
        .flatMap((g) => g.tags.map((t) => t.id))
        .filter((t) => !before.includes(t))
        .slice(0, 1);
      const res = await post(`/api/customers/${rel.customerId}/tags`, { add, remove: [] });
      expect(res.status).toBe(409);
      const err = (await res.json()) as ErrorJson;
      expect(err.error.id).toBe('relation_gone');
      expect(err.error.message).toMatch(/好友关系/);
      expect(await localTagIds()).toEqual(before);
      const after: Array<{ n: number }> = await s.app.deps.ds.query('SELECT COUNT(*) AS n FROM interaction');
      expect(Number(after[0]!.n)).toBe(Number(interactions[0]!.n));
    } finally {
      customer.follows = saved;
    }
  });

  it('rejects unknown tags before calling WeCom, and a customer the guide does not follow with 403', async () => {
    const res = await post(`/api/customers/${rel.customerId}/tags`, { add: ['no_such_tag'] });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorJson).error.id).toBe('unknown_tag');
    expect((await post(`/api/customers/${rel.customerId}/tags`, { add: [], remove: [] })).status).toBe(400);
    const other: Array<{ id: number }> = await s.app.deps.ds.query(
      `SELECT c.id FROM customer c WHERE NOT EXISTS (SELECT 1 FROM customer_follow f JOIN staff st ON st.id = f.staff_id
        WHERE f.customer_id = c.id AND st.userid = ? AND f.lost_at IS NULL) LIMIT 1`,
      [rel.userid],
    );
    const forbidden = await post(`/api/customers/${other[0]!.id}/tags`, { add: ['x'] });
    expect(forbidden.status).toBe(403);
    expect(((await forbidden.json()) as ErrorJson).error.id).toBe('forbidden_customer');
  });

  it('changes the remark in WeCom, then locally, with a remark_changed interaction', async () => {
    const res = await s.app.request(`/api/customers/${rel.customerId}/remark`, {
      method: 'PATCH',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ remark: '老客户王姐', description: '偏爱保湿' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ remark: '老客户王姐', description: '偏爱保湿' });
    const follow = s.sim.state.customers.get(rel.externalUserid)!.follows.find((f) => f.userid === rel.userid)!;
    expect([follow.remark, follow.description]).toEqual(['老客户王姐', '偏爱保湿']);
    const profile = (await (await s.app.request(`/api/customers/${rel.customerId}`, { headers })).json()) as {
      myFollow: { remark: string };
    };
    expect(profile.myFollow.remark).toBe('老客户王姐');
    const timeline = (await (
      await s.app.request(`/api/customers/${rel.customerId}/timeline?types=remark_changed`, { headers })
    ).json()) as { items: Array<{ summary: string }> };
    expect(timeline.items[0]?.summary).toContain('老客户王姐');
  });

  it('adds a corp tag into an existing group (admins; guides only when the setting allows), mirrored locally and audit-logged', async () => {
    const catalog = tagGroupsResponseSchema.parse(await (await s.app.request('/api/tag-groups', { headers })).json());
    const groupId = catalog.groups[0]!.id;
    const denied = await post(`/api/tag-groups/${groupId}/tags`, { name: '高复购' });
    expect(denied.status).toBe(403);
    await s.app.deps.ds.query(
      `INSERT INTO setting (\`key\`, value, updated_at) VALUES ('tags.guides_can_create', 'true', CURRENT_TIMESTAMP)`,
    );
    const res = await post(`/api/tag-groups/${groupId}/tags`, { name: '高复购' });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { groupId: string; tag: { id: string; name: string } };
    expect(created.groupId).toBe(groupId);
    expect(s.sim.state.tags.get(created.tag.id)?.name).toBe('高复购');
    const after = tagGroupsResponseSchema.parse(await (await s.app.request('/api/tag-groups', { headers })).json());
    expect(after.groups.find((g) => g.id === groupId)?.tags.map((t) => t.name)).toContain('高复购');
    const audit: Array<{ action: string }> = await s.app.deps.ds.query("SELECT action FROM audit_log WHERE action = 'corp_tag.create'");
    expect(audit).toHaveLength(1);
    expect((await post(`/api/tag-groups/${groupId}/tags`, { name: '高复购' })).status).toBe(409);
  });
});
