import type { ChannelRotation } from '@shared/api/channels.ts';

/** A guide of a channel as the rotation sees it. */
export interface RotationGuide {
  userid: string;
  /** Active in WeCom (status 1) with 客户联系 enabled: WeCom refuses anyone else on a contact way. */
  canTake: boolean;
  addsToday: number;
}

export interface RotationPick {
  /** The userids to put on the WeCom contact way (empty: nobody can take customers). */
  userids: string[];
  /** Round-robin position after this pick. */
  cursor: number;
}

/**
 * Who the channel's WeCom code should hand the next customer to. WeCom's own
 * distribution among a multi-member code's users cannot be steered, so the code
 * lists one guide at a time and is updated after each add:
 * - round_robin: the next guide in order (from `cursor`) who can take customers and is under the cap;
 * - least_loaded: the guide with the fewest adds through this code today (ties: list order).
 * Guides who left, are disabled or lack 客户联系 are skipped. When every remaining
 * guide has reached the daily cap, all of them are listed: a printed code must
 * never stop working, so the cap yields rather than the customer.
 */
export function pickGuides(
  guides: readonly RotationGuide[],
  rotation: ChannelRotation,
  cursor: number,
  dailyCap: number | null,
): RotationPick {
  const able = guides.filter((g) => g.canTake);
  if (able.length === 0) return { userids: [], cursor };
  const open = able.filter((g) => dailyCap === null || g.addsToday < dailyCap);
  if (open.length === 0) return { userids: able.map((g) => g.userid), cursor };
  if (rotation === 'least_loaded') {
    const least = open.reduce((best, g) => (g.addsToday < best.addsToday ? g : best));
    return { userids: [least.userid], cursor };
  }
  // The first open guide at or after the cursor, in the channel's order.
  for (let step = 0; step < guides.length; step++) {
    const i = (cursor + step) % guides.length;
    const g = guides[i];
    if (g && open.includes(g)) return { userids: [g.userid], cursor: i };
  }
  return { userids: [open[0]?.userid ?? ''], cursor };
}
