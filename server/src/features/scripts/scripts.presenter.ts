import type { ScriptFolder, ScriptItem } from '@shared/api/scripts.ts';
import type { ScriptScope } from '@shared/enums.ts';
import { previewOf, renderScriptBody } from '@shared/scripts/message.ts';
import type { ScriptVars } from '@shared/scripts/render.ts';
import type { TargetPart } from '@shared/scripts/score.ts';
import type { Recommendation } from '@shared/scripts/applicability.ts';
import type { ScriptRecord } from './script-store.ts';

/** A script as listed, rendered with `vars` (no vars: rendered = content). */
export function presentScript(
  s: ScriptRecord,
  ctx: { actorStaffId: number; vars: ScriptVars | null; score?: number; matched?: TargetPart[]; recommendation?: Recommendation },
): ScriptItem {
  const rendered = ctx.vars ? renderScriptBody(s.body, ctx.vars) : s.body;
  return {
    ...s.body,
    id: s.id,
    folderId: s.folderId,
    scope: s.scope,
    mine: s.scope === 'personal' && s.ownerStaffId === ctx.actorStaffId,
    title: s.title,
    forGroup: s.forGroup,
    targeting: { segments: s.targetSegments, stages: s.targetStages, tagIds: s.targetTagIds },
    validFrom: s.validFrom,
    validTo: s.validTo,
    conditions: s.conditions === 'never' ? null : s.conditions,
    recommended: ctx.recommendation?.recommended ?? false,
    reason: ctx.recommendation?.reason ?? null,
    rendered,
    preview: previewOf(rendered),
    score: ctx.score ?? 0,
    matched: ctx.matched ?? [],
    sendCount: s.sendCount,
    lastSentAt: s.lastSentAt?.toISOString() ?? null,
    updatedAt: s.updatedAt.toISOString(),
  };
}

export function presentFolder(r: { id: unknown; name: unknown; parent_id: unknown; scope: unknown; sort_order: unknown }): ScriptFolder {
  return {
    id: Number(r.id),
    name: String(r.name),
    parentId: r.parent_id === null || r.parent_id === undefined ? null : Number(r.parent_id),
    scope: (r.scope === 'personal' ? 'personal' : 'corp') satisfies ScriptScope,
    sortOrder: Number(r.sort_order ?? 0),
  };
}
