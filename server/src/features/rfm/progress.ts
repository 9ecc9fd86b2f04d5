import cliProgress from 'cli-progress';
import type { RfmProgress } from './recompute.ts';

/** A two-phase progress bar (aggregate chunks, then customers written) for the RFM job. */
export function rfmProgressBar(): { onProgress: (p: RfmProgress) => void; stop: () => void } {
  const bar = new cliProgress.SingleBar(
    { format: 'RFM {phase} [{bar}] {value}/{total}', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let phase: RfmProgress['phase'] | undefined;
  return {
    onProgress: (p) => {
      if (phase !== p.phase) {
        if (phase) bar.stop();
        phase = p.phase;
        bar.start(p.total, 0, { phase: p.phase === 'aggregate' ? '汇总订单' : '写入客户' });
      }
      bar.update(p.done);
    },
    stop: () => {
      if (phase) bar.stop();
    },
  };
}
