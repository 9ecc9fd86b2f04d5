import { computed, ref } from 'vue';

const DAY = 86_400_000;
/** Today's date in Asia/Shanghai as 'YYYY-MM-DD' (reports use Shanghai days). */
const shanghaiToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const minusDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) - n * DAY).toISOString().slice(0, 10);

export const RANGE_PRESETS = [
  { days: 7, label: '近7天' },
  { days: 30, label: '近30天' },
  { days: 90, label: '近90天' },
] as const;

/** The report period: the last N days up to today, N from a preset. */
export function useReportRange(initialDays = 30) {
  const days = ref<number>(initialDays);
  const range = computed(() => {
    const to = shanghaiToday();
    return { from: minusDays(to, days.value - 1), to };
  });
  return { days, range };
}
