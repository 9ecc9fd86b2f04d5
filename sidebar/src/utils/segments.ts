import type { RfmSegment } from '@shared/enums.ts';

/** Badge colours per RFM segment: warm = valuable, grey = not scored. */
const SEGMENT_COLORS: Record<RfmSegment, string> = {
  champion: '#e8590c',
  promising_high_value: '#f08c00',
  at_risk_loyal: '#d6336c',
  win_back_high_value: '#c2255c',
  loyal_low_value: '#1c7ed6',
  new_low_value: '#1098ad',
  at_risk_low_value: '#7048e8',
  lost_low_value: '#868e96',
  prospect: '#adb5bd',
  lapsed: '#495057',
};

export function segmentColor(segment: RfmSegment | null | undefined): string {
  return segment ? SEGMENT_COLORS[segment] : '#adb5bd';
}
