import { computed, ref } from 'vue';
import { TEAM_COLUMN_KEYS, TEAM_COLUMNS, type TeamMetricKey } from '@shared/api/reports.ts';

const STORAGE_KEY = 'daogou.reports.team-columns';

/** What fits a 375 px WeCom webview next to the sticky name column. */
export const PHONE_COLUMNS: readonly TeamMetricKey[] = [
  'newCustomers',
  'netCustomers',
  'chats',
  'repliedRatio',
  'avgFirstReplySeconds',
  'gmv',
];
/** A desktop window (the WeCom desktop client, a browser) shows more. */
export const WIDE_COLUMNS: readonly TeamMetricKey[] = [
  'newCustomers',
  'netCustomers',
  'chats',
  'messagesSent',
  'unanswered',
  'repliedRatio',
  'avgFirstReplySeconds',
  'followUpsWritten',
  'buyers',
  'gmv',
];

const defaults = (): readonly TeamMetricKey[] => (window.innerWidth >= 768 ? WIDE_COLUMNS : PHONE_COLUMNS);
const inListOrder = (keys: readonly string[]): TeamMetricKey[] => TEAM_COLUMN_KEYS.filter((k) => keys.includes(k));

function stored(): TeamMetricKey[] | null {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    if (!Array.isArray(raw)) return null;
    const keys = inListOrder(raw.filter((k): k is string => typeof k === 'string'));
    return keys.length > 0 ? keys : null;
  } catch {
    return null;
  }
}

/**
 * The team table's visible metric columns: the manager's own pick (remembered in this browser),
 * or the defaults for the screen width. Always in TEAM_COLUMNS order, the order the CSV has too.
 */
export function useTeamColumns() {
  const keys = ref<TeamMetricKey[]>(stored() ?? [...defaults()]);
  const columns = computed(() => TEAM_COLUMNS.filter((c) => keys.value.includes(c.key)));
  function choose(next: readonly string[]): void {
    const ordered = inListOrder(next);
    if (ordered.length === 0) return;
    keys.value = ordered;
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(ordered));
    } catch {
      /* private mode: remembered for this visit only */
    }
  }
  function reset(): void {
    keys.value = [...defaults()];
    try {
      localStorage.removeItem(STORAGE_KEY);
    } catch {
      /* nothing stored */
    }
  }
  return { keys, columns, choose, reset };
}
